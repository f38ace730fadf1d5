import type { Static } from 'typebox';
import { NotFoundError } from '../../errors.ts';
import { decodeKeyset, keysetPage } from '../../lib/keyset-cursor.ts';
import { avatarUrl } from '../users/index.ts';
import type { ReviewPosition, ReviewRow, ReviewsRepository } from './reviews.repository.ts';
import type { BookReview } from './reviews.schemas.ts';

function toReview(row: ReviewRow): Static<typeof BookReview> {
  return {
    id: row.id,
    reader: { username: row.username, displayName: row.displayName, avatarUrl: avatarUrl(row) },
    status: row.status,
    rating: row.rating === null ? null : row.rating / 2,
    review: row.review ? row.review : null,
    reviewHasSpoilers: row.reviewHasSpoilers === 1,
    followed: row.followed === 1,
    updatedAt: row.updatedAt,
  };
}

export class ReviewsService {
  readonly #repo: ReviewsRepository;
  constructor(repo: ReviewsRepository) {
    this.#repo = repo;
  }

  /** Other readers' ratings and reviews the viewer may see: people they follow first, then newest. */
  async forBook(bookId: number, viewerId: number | null, query: { limit?: number; cursor?: string }) {
    if (!(await this.#repo.bookExists(bookId))) throw new NotFoundError('Book');
    const limit = query.limit ?? 20;
    let after: ReviewPosition | null = null;
    if (query.cursor) {
      const { key, id } = decodeKeyset('reviews', query.cursor);
      after = { followed: key.startsWith('1|') ? 1 : 0, updatedAt: key.slice(2), id };
    }
    const [rows, summary] = await Promise.all([
      this.#repo.page(bookId, viewerId, after, limit + 1),
      this.#repo.ratingSummary(bookId, viewerId),
    ]);
    const page = keysetPage(rows, limit, 'reviews', (r) => ({
      key: `${r.followed}|${r.updatedAt}`,
      id: r.id,
    }));
    return {
      averageRating: summary.average === null ? null : Math.round((summary.average / 2) * 100) / 100,
      ratingCount: summary.count,
      items: page.items.map(toReview),
      nextCursor: page.nextCursor,
    };
  }
}
