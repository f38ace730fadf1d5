import type { Kysely } from 'kysely';
import { PreparedQuery } from '../../db/compiled-queries.ts';
import type { Database } from '../../db/schema.ts';
import { PUBLIC_USER_COLUMNS, type PublicUserRow } from '../users/index.ts';

/**
 * The user behind a live session. Written as a lookup by primary key plus an EXISTS rather than
 * a join: SQLite re-plans a join with bound values on every run, and this query runs on every
 * authenticated request (so it is also compiled once). Only the public columns: the password
 * hash and the email stay out of every request's caller.
 */
const activeUser = new PreparedQuery<
  undefined,
  { sessionId: string; userId: number; now: string },
  PublicUserRow
>((db, _shape, v) =>
  db
    .selectFrom('users')
    .select(PUBLIC_USER_COLUMNS)
    .where('id', '=', v.userId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('sessions')
          .select('id')
          .where('id', '=', v.sessionId)
          .where('userId', '=', v.userId)
          .where('revokedAt', 'is', null)
          .where('expiresAt', '>', v.now),
      ),
    ),
);

export class SessionRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(row: {
    id: string;
    userId: number;
    createdAt: string;
    lastUsedAt: string;
    expiresAt: string;
    userAgent: string | null;
    ip: string | null;
  }) {
    await this.#db
      .insertInto('sessions')
      .values({ ...row, revokedAt: null })
      .execute();
  }

  /** The user behind a live session, or undefined when the session is unknown, revoked or expired. */
  async findActiveUser(sessionId: string, userId: number, now: string): Promise<PublicUserRow | undefined> {
    const [user] = await activeUser.run(this.#db, undefined, { sessionId, userId, now });
    return user;
  }

  async revoke(sessionId: string, now: string) {
    await this.#db
      .updateTable('sessions')
      .set({ revokedAt: now })
      .where('id', '=', sessionId)
      .where('revokedAt', 'is', null)
      .execute();
  }

  /** Revokes every session of a user, except `keepSessionId` when given. */
  async revokeAllForUser(userId: number, now: string, keepSessionId?: string) {
    let q = this.#db
      .updateTable('sessions')
      .set({ revokedAt: now })
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null);
    if (keepSessionId) q = q.where('id', '!=', keepSessionId);
    await q.execute();
  }

  async startedAt(sessionId: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('sessions')
      .select('createdAt')
      .where('id', '=', sessionId)
      .executeTakeFirst();
    return row?.createdAt;
  }

  /** The user's live sessions, most recently used first. */
  listActive(userId: number, now: string) {
    return this.#db
      .selectFrom('sessions')
      .select(['id', 'createdAt', 'lastUsedAt', 'expiresAt', 'userAgent', 'ip'])
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', now)
      .orderBy('lastUsedAt', 'desc')
      .orderBy('createdAt', 'desc')
      .execute();
  }

  /** Revokes one live session of the user; false when there is none with that id. */
  async revokeOwn(userId: number, sessionId: string, now: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('sessions')
      .set({ revokedAt: now })
      .where('id', '=', sessionId)
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async touch(sessionId: string, now: string, ip: string | null) {
    await this.#db
      .updateTable('sessions')
      .set({ lastUsedAt: now, ...(ip ? { ip: ip.slice(0, 64) } : {}) })
      .where('id', '=', sessionId)
      .execute();
  }

  /**
   * Removes sessions that can never be used again: expired, or revoked before `revokedBefore`
   * (a revoked token stays refused either way: no row, no session).
   */
  async purge(now: string, revokedBefore: string): Promise<number> {
    const result = await this.#db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('revokedAt', '<=', revokedBefore)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
