import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { UsersTable } from '../../db/tables/users.table.ts';

export type UserRow = Selectable<UsersTable>;

export class SessionRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(row: {
    id: string;
    userId: number;
    createdAt: string;
    expiresAt: string;
    userAgent: string | null;
  }) {
    await this.#db
      .insertInto('sessions')
      .values({ ...row, revokedAt: null })
      .execute();
  }

  /** The user behind a live session, or undefined when the session is unknown, revoked or expired. */
  async findActiveUser(sessionId: string, userId: number, now: string): Promise<UserRow | undefined> {
    return this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      .selectAll('users')
      .where('sessions.id', '=', sessionId)
      .where('sessions.userId', '=', userId)
      .where('sessions.revokedAt', 'is', null)
      .where('sessions.expiresAt', '>', now)
      .executeTakeFirst();
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
}
