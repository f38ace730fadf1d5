import { Link } from 'react-router';
import { Markdown } from '../../../components/markdown/markdown';
import { Avatar } from '../../../components/ui/avatar';
import { Cover } from '../../../components/ui/cover';
import { StarRating } from '../../../components/ui/star-rating';
import { fullDateTime, relativeTime } from '../../../lib/relative-time';
import type { FeedActivity } from '../api/get-feed';
import styles from './activity-card.module.css';

const VERBS: Record<FeedActivity['type'], string> = {
  shelved: 'wants to read',
  started: 'started reading',
  finished: 'finished',
  did_not_finish: 'stopped reading',
  reviewed: 'reviewed',
  journal_entry: 'wrote in their journal',
  goal_set: 'set a reading goal',
  books_added: 'added books',
};

function headline(activity: FeedActivity): string {
  if (activity.type === 'books_added' && activity.booksAdded !== null) {
    const n = activity.booksAdded;
    return `added ${n.toLocaleString()} ${n === 1 ? 'book' : 'books'} to their shelves`;
  }
  if (activity.type === 'goal_set' && activity.goal) {
    return `set a goal of ${activity.goal.target} books for ${activity.goal.year}`;
  }
  // "wrote in their journal about Moby-Dick", not "… their journal Moby-Dick".
  if (activity.type === 'journal_entry' && activity.book) return `${VERBS.journal_entry} about`;
  return VERBS[activity.type];
}

/** A review excerpt; the feed leaves spoilers out, and the book page reveals them on request. */
function ReviewExcerpt({ entry, bookId }: { entry: NonNullable<FeedActivity['entry']>; bookId: number }) {
  if (!entry.hasReview) return null;
  if (entry.review === null) {
    return (
      <p className={styles.review}>
        <span className="muted">The review contains spoilers. </span>
        <Link to={`/books/${bookId}#reviews`}>Read it on the book page</Link>
      </p>
    );
  }
  return (
    <Markdown text={`${entry.review}${entry.reviewTruncated ? '…' : ''}`} className={styles.review} compact />
  );
}

export function ActivityCard({ activity }: { activity: FeedActivity }) {
  const { actor, book, entry } = activity;
  const name = actor.displayName || actor.username;
  return (
    <article
      className={styles.card}
      aria-label={`${name} ${headline(activity)}${book ? ` ${book.title}` : ''}`}
    >
      <Link to={`/u/${actor.username}`} aria-hidden="true" tabIndex={-1}>
        <Avatar name={name} src={actor.avatarUrl} size="md" />
      </Link>
      <div className={styles.body}>
        <p className={styles.headline}>
          <Link to={`/u/${actor.username}`}>{name}</Link>{' '}
          {activity.type === 'books_added' ? (
            // An import: the shelves it filled are on the reader's profile.
            <Link to={`/u/${actor.username}`}>{headline(activity)}</Link>
          ) : (
            headline(activity)
          )}
          {book ? (
            <>
              {' '}
              <Link to={`/books/${book.id}`}>{book.title}</Link>
            </>
          ) : null}
        </p>
        <time className={styles.time} dateTime={activity.createdAt} title={fullDateTime(activity.createdAt)}>
          {relativeTime(activity.createdAt)}
        </time>
        {book ? (
          <div className={styles.book}>
            <Link to={`/books/${book.id}`} className={styles.bookCover} aria-hidden="true" tabIndex={-1}>
              <Cover title={book.title} authors={book.authors} src={book.coverUrl} size="sm" />
            </Link>
            <div className={styles.bookText}>
              <p className="muted">{book.authors.join(', ')}</p>
              {entry?.rating != null ? (
                <p>
                  <StarRating value={entry.rating} size="sm" />
                </p>
              ) : null}
              {entry ? <ReviewExcerpt entry={entry} bookId={book.id} /> : null}
            </div>
          </div>
        ) : null}
        {activity.journal?.excerpt ? (
          <Markdown text={activity.journal.excerpt} className={styles.review} compact />
        ) : null}
      </div>
    </article>
  );
}
