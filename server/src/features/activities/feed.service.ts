import type { Static } from 'typebox';
import { type AccessRank, countVisibleTo } from '../../db/privacy.ts';
import { decodeKeyset, keysetPage } from '../../lib/keyset-cursor.ts';
import { avatarUrl } from '../users/index.ts';
import type { FeedRepository, FeedRow } from './feed.repository.ts';
import type { Activity } from './feed.schemas.ts';

type ActivityView = Static<typeof Activity>;

function parseObject(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseAuthors(text: string | null): string[] {
  const value: unknown = text ? JSON.parse(text) : [];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

function toActivity(row: FeedRow, showSpoilers: boolean): ActivityView {
  const data = parseObject(row.data);
  const spoilers = row.entryReviewHasSpoilers === 1;
  const hasReview = (row.entryReview ?? '').trim() !== '';
  const year = int(data.year);
  const target = int(data.target);
  return {
    id: row.id,
    type: row.type,
    actor: {
      username: row.actorUsername,
      displayName: row.actorDisplayName,
      avatarUrl: avatarUrl({ avatarPath: row.actorAvatarPath }),
    },
    book:
      row.bookId !== null
        ? {
            id: row.bookId,
            title: row.bookTitle ?? '',
            authors: parseAuthors(row.bookAuthors),
            coverUrl: row.bookCoverUrl,
          }
        : null,
    entry:
      row.entryId !== null
        ? {
            id: row.entryId,
            status: row.entryStatus ?? 'want_to_read',
            rating: row.entryRating === null ? null : row.entryRating / 2,
            review: hasReview && (showSpoilers || !spoilers) ? row.entryReview : null,
            reviewTruncated: (row.entryReviewLength ?? 0) > (row.entryReview?.length ?? 0),
            reviewHasSpoilers: spoilers,
            hasReview,
          }
        : null,
    journal:
      row.type === 'journal_entry' && row.subjectId !== null
        ? { id: row.subjectId, excerpt: typeof data.excerpt === 'string' ? data.excerpt : null }
        : null,
    goal: row.type === 'goal_set' && year !== null && target !== null ? { year, target } : null,
    booksAdded: row.type === 'books_added' ? countVisibleTo(row.actorRank as AccessRank, data) : null,
    createdAt: row.createdAt,
  };
}

export class FeedService {
  readonly #repo: FeedRepository;
  constructor(repo: FeedRepository) {
    this.#repo = repo;
  }

  /** The viewer's and their followees' activities, newest first, as privacy and blocks allow now. */
  async feed(viewerId: number, query: { limit?: number; cursor?: string; spoilers?: boolean }) {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeKeyset('feed', query.cursor) : null;
    const rows = await this.#repo.page(viewerId, after, limit + 1);
    const page = keysetPage(rows, limit, 'feed', (r) => ({ key: r.createdAt, id: r.id }));
    return {
      items: page.items.map((r) => toActivity(r, query.spoilers ?? false)),
      nextCursor: page.nextCursor,
    };
  }
}
