import { useState } from 'react';
import { Link } from 'react-router';
import { Markdown } from '../../../components/markdown/markdown';
import { Avatar } from '../../../components/ui/avatar';
import { buttonClass } from '../../../components/ui/button';
import { Skeleton } from '../../../components/ui/skeleton';
import { StarRating } from '../../../components/ui/star-rating';
import { type BookReview, useBookReviews } from '../api/get-book-reviews';
import styles from './book-reviews.module.css';

function ReviewText({ review }: { review: BookReview }) {
  const [revealed, setRevealed] = useState(false);
  if (!review.review) return null;
  if (review.reviewHasSpoilers && !revealed) {
    return (
      <p className={styles.text}>
        <span className="muted">This review contains spoilers. </span>
        <button type="button" className={buttonClass('ghost')} onClick={() => setRevealed(true)}>
          Show spoilers
        </button>
      </p>
    );
  }
  return <Markdown text={review.review} className={styles.text} />;
}

/** Other readers' ratings and reviews that the caller may see: people they follow first. */
export function BookReviews({ bookId }: { bookId: number }) {
  const reviews = useBookReviews(bookId);
  return (
    <section id="reviews" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">Readers’ ratings and reviews</h2>
      {reviews.isPending ? (
        <Skeleton width="60%" />
      ) : reviews.isError ? (
        <p role="alert">{reviews.error.message}</p>
      ) : (
        <>
          <p className="muted">
            {reviews.data.averageRating !== null
              ? `Average ${reviews.data.averageRating} of 5 from ${reviews.data.ratingCount} rating${reviews.data.ratingCount === 1 ? '' : 's'} you can see.`
              : 'No ratings you can see yet.'}
          </p>
          {reviews.data.items.length === 0 ? (
            <p className="muted">No other reader you can see has rated or reviewed this book.</p>
          ) : (
            <ul className={styles.list}>
              {reviews.data.items.map((review) => (
                <li key={review.id} className={styles.review}>
                  <Avatar
                    name={review.reader.displayName || review.reader.username}
                    src={review.reader.avatarUrl}
                    size="sm"
                  />
                  <div className={styles.body}>
                    <Link to={`/u/${review.reader.username}`}>
                      {review.reader.displayName || review.reader.username}
                    </Link>
                    {review.followed ? <span className="muted"> · you follow them</span> : null}
                    {review.rating !== null ? (
                      <div>
                        <StarRating value={review.rating} size="sm" />
                      </div>
                    ) : null}
                    <ReviewText review={review} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
