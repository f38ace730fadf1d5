import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Avatar } from '../../../components/ui/avatar';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import {
  type SuggestedReader,
  type SuggestedReaders as SuggestedReadersPage,
  suggestedReadersQueryOptions,
  useSuggestedReaders,
} from '../api/get-suggested-readers';
import { FollowButton } from './follow-button';
import styles from './readers-page.module.css';

function why(reader: SuggestedReader): string {
  if (reader.followedBy === 0) return 'Recently active';
  return `Followed by ${reader.followedBy} ${reader.followedBy === 1 ? 'reader' : 'readers'} you follow`;
}

function SuggestionRow({ reader }: { reader: SuggestedReader }) {
  // The list keeps whom the reader has just followed (in its cached copy, so coming back to the
  // page says "Following" too), rather than dropping the row from under the pointer.
  const client = useQueryClient();
  const setFollowing = (following: boolean) =>
    client.setQueryData<SuggestedReadersPage>(suggestedReadersQueryOptions().queryKey, (page) =>
      page
        ? { items: page.items.map((r) => (r.id === reader.id ? { ...r, isFollowing: following } : r)) }
        : page,
    );
  const name = reader.displayName || reader.username;
  return (
    <li className={styles.row}>
      <Avatar name={name} src={reader.avatarUrl} size="sm" />
      <span className={styles.name}>
        <Link to={`/u/${reader.username}`}>{name}</Link> <span className="muted">@{reader.username}</span>
        <br />
        <span className={`muted ${styles.why}`}>{why(reader)}</span>
      </span>
      <FollowButton
        username={reader.username}
        name={name}
        isFollowing={reader.isFollowing}
        onChange={setFollowing}
      />
    </li>
  );
}

/** Readers to follow, for the find-readers page before anything is typed. */
export function SuggestedReaders() {
  const suggestions = useSuggestedReaders();
  return (
    <section aria-labelledby="suggested-heading" className={styles.suggested}>
      <h2 id="suggested-heading">Readers you might like</h2>
      {suggestions.isPending ? (
        <LoadingRegion label="Finding readers…">
          <Skeleton width="60%" />
          <Skeleton width="50%" />
        </LoadingRegion>
      ) : suggestions.isError ? (
        <p role="alert">{suggestions.error.message}</p>
      ) : suggestions.data.items.length === 0 ? (
        <p className="muted">
          No suggestions yet: when the readers you follow follow others, they show up here.
        </p>
      ) : (
        <ul className={styles.list} aria-label="Suggested readers">
          {suggestions.data.items.map((reader) => (
            <SuggestionRow key={reader.id} reader={reader} />
          ))}
        </ul>
      )}
    </section>
  );
}
