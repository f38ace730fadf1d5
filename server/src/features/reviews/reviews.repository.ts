import { sql } from 'kysely';
import type { DbExecutor } from '../../db/executor.ts';
import { visibleSql } from '../../db/privacy.ts';
import type { ReadingStatus } from '../../db/tables/library-entries.table.ts';

export interface ReviewRow {
  id: number;
  status: ReadingStatus;
  rating: number | null;
  review: string | null;
  reviewHasSpoilers: number;
  updatedAt: string;
  username: string;
  displayName: string;
  avatarPath: string | null;
  followed: number;
}

/** Where a page of reviews ended: followed first (1 before 0), then newest. */
export interface ReviewPosition {
  followed: number;
  updatedAt: string;
  id: number;
}

/** Other readers' ratings and reviews of a book, through the privacy rule (db/privacy.ts). */
export class ReviewsRepository {
  readonly #db: DbExecutor;
  constructor(db: DbExecutor) {
    this.#db = db;
  }

  bookExists(bookId: number): Promise<boolean> {
    return this.#db
      .selectFrom('books')
      .select('id')
      .where('id', '=', bookId)
      .executeTakeFirst()
      .then((row) => row !== undefined);
  }

  #visible(viewerId: number | null) {
    return visibleSql(
      viewerId,
      { id: sql.ref('u.id'), privacy: sql.ref('u.privacy') },
      sql.ref('e.visibility'),
    );
  }

  #followed(viewerId: number | null) {
    return viewerId === null
      ? sql<number>`0`
      : sql<number>`(case when exists (select 1 from follows vf where vf.follower_id = ${viewerId} and vf.followee_id = u.id) then 1 else 0 end)`;
  }

  async page(bookId: number, viewerId: number | null, after: ReviewPosition | null, take: number) {
    const followed = this.#followed(viewerId);
    const own = viewerId === null ? sql`` : sql`and e.user_id <> ${viewerId}`;
    const range = after
      ? sql`and (${followed}, e.updated_at, e.id) < (${after.followed}, ${after.updatedAt}, ${after.id})`
      : sql``;
    const result = await sql<ReviewRow>`
      select e.id, e.status, e.rating, e.review, e.review_has_spoilers as "reviewHasSpoilers",
        e.updated_at as "updatedAt", u.username, u.display_name as "displayName",
        u.avatar_path as "avatarPath", ${followed} as followed
      from library_entries e join users u on u.id = e.user_id
      where e.book_id = ${bookId}
        and (e.rating is not null or coalesce(e.review, '') <> '')
        ${own}
        and ${this.#visible(viewerId)}
        ${range}
      order by followed desc, e.updated_at desc, e.id desc
      limit ${take}`.execute(this.#db);
    return result.rows.map((r) => ({ ...r, followed: Number(r.followed) }));
  }

  /** The average rating (in half-stars) and how many ratings, over the entries the viewer may see. */
  async ratingSummary(bookId: number, viewerId: number | null) {
    const result = await sql<{ average: number | null; count: number }>`
      select avg(e.rating) as average, count(e.rating) as count
      from library_entries e join users u on u.id = e.user_id
      where e.book_id = ${bookId} and e.rating is not null and ${this.#visible(viewerId)}`.execute(this.#db);
    const row = result.rows[0];
    return {
      average: row?.average === null || row?.average === undefined ? null : Number(row.average),
      count: Number(row?.count ?? 0),
    };
  }
}
