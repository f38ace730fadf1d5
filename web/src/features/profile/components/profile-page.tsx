import { Link, useParams } from 'react-router';
import { Avatar } from '../../../components/ui/avatar';
import { buttonClass } from '../../../components/ui/button';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import { isApiError } from '../../../lib/api-client';
import { cx } from '../../../lib/cx';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useMe } from '../../account/api/get-me';
import { nameOf, privacyLabel } from '../../account/types';
import { LazyUserJournal } from '../../journals/components/lazy';
import { BlockMenu } from '../../social/components/block-menu';
import { FollowButton } from '../../social/components/follow-button';
import { FollowLists } from '../../social/components/follow-lists';
import { ReaderShelves } from '../../social/components/reader-shelves';
import { GoalWidget, ReaderGoal } from '../../stats/components/goal-widget';
import { useUserProfile } from '../api/get-user-profile';
import type { UserProfile } from '../types';
import styles from './profile-page.module.css';

const COUNT_LABELS: Record<string, string> = {
  books: 'Books',
  read: 'Read',
  reading: 'Reading',
  currentlyReading: 'Reading',
  wantToRead: 'Want to read',
  followers: 'Followers',
  following: 'Following',
  journals: 'Journal entries',
};

function labelForCount(key: string): string {
  return COUNT_LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (first) => first.toUpperCase());
}

function ProfileSkeleton() {
  return (
    <LoadingRegion label="Loading profile…">
      <div className={styles.profileHeader}>
        <Skeleton shape="circle" width="6rem" height="6rem" />
        <div className={cx('stack-sm', styles.profileHeaderText)}>
          <Skeleton width="12rem" height="1.8rem" />
          <Skeleton width="8rem" />
          <Skeleton width="16rem" />
        </div>
      </div>
    </LoadingRegion>
  );
}

function ProfileCounts({ counts }: { counts: UserProfile['counts'] }) {
  const entries = Object.entries(counts).filter(
    ([key, value]) => typeof value === 'number' && key !== 'followers' && key !== 'following',
  );
  if (entries.length === 0) return null;
  return (
    <dl className={styles.profileCounts}>
      {entries.map(([key, value]) => (
        <div key={key} className={styles.profileCountsItem}>
          <dt>{labelForCount(key)}</dt>
          <dd>{value.toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ProfilePage() {
  const { username = '' } = useParams();
  const me = useMe();
  const profile = useUserProfile(username);
  const isOwn = profile.data?.isSelf ?? me.data?.username === username;
  const name = profile.data ? nameOf(profile.data) : null;
  useDocumentTitle(name ?? (profile.isError ? 'Profile not found' : 'Profile'));

  if (profile.isPending) {
    return (
      <div className="page">
        <ProfileSkeleton />
      </div>
    );
  }

  if (profile.isError) {
    const notFound = isApiError(profile.error) && profile.error.status === 404;
    return (
      <div className="page page--narrow">
        <h1>{notFound ? 'No reader by that name' : 'This profile could not be loaded'}</h1>
        <p>
          {notFound
            ? `There is no one called @${username} here, or their profile is not visible to you.`
            : profile.error.message}
        </p>
        <p>
          <Link to="/">Back to your feed</Link>
        </p>
      </div>
    );
  }

  const user = profile.data;
  return (
    <div className="page">
      <section className={styles.profileHeader} aria-labelledby="profile-name">
        <Avatar name={nameOf(user)} src={user.avatarUrl} size="xl" alt={`Avatar of ${nameOf(user)}`} />
        <div className={styles.profileHeaderText}>
          <h1 id="profile-name" className={styles.profileHeaderName}>
            {nameOf(user)}
          </h1>
          <p className={styles.profileHeaderUsername}>@{user.username}</p>
          <p className={styles.badge} title="Who can see this reader's shelves">
            <span className="visually-hidden">Privacy: </span>
            {privacyLabel(user.privacy)}
          </p>
        </div>
        {isOwn ? (
          <Link to="/settings" className={buttonClass('secondary', styles.profileHeaderAction)}>
            Edit profile
          </Link>
        ) : me.data ? (
          <div className={styles.profileHeaderAction}>
            <FollowButton username={user.username} name={nameOf(user)} isFollowing={user.isFollowing} />
            <BlockMenu username={user.username} name={nameOf(user)} />
          </div>
        ) : null}
      </section>

      {user.restricted ? (
        <p>
          {nameOf(user)} shares their shelves and activity only with{' '}
          {user.privacy === 'followers' ? 'followers' : 'no one'}.
        </p>
      ) : (
        <FollowLists username={user.username} counts={user.counts} />
      )}

      <section className={styles.profileSection} aria-labelledby="about-heading">
        <h2 id="about-heading">About</h2>
        {user.bio ? (
          <p className={styles.profileBio}>{user.bio}</p>
        ) : isOwn ? (
          <p className="muted">
            You have not written a bio yet. <Link to="/settings">Add a few words about what you read</Link>.
          </p>
        ) : (
          <p className="muted">{nameOf(user)} has not written a bio yet.</p>
        )}
      </section>

      {isOwn ? (
        <div className={styles.profileSection}>
          <GoalWidget year={new Date().getFullYear()} />
        </div>
      ) : user.goal ? (
        <div className={styles.profileSection}>
          <ReaderGoal goal={user.goal} name={nameOf(user)} />
        </div>
      ) : null}

      {user.restricted ? null : <ProfileCounts counts={user.counts ?? {}} />}
      {user.restricted ? null : <ReaderShelves username={user.username} name={nameOf(user)} />}
      {user.restricted ? null : <LazyUserJournal username={user.username} isSelf={isOwn} />}
    </div>
  );
}
