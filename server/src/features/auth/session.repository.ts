import type { Kysely, Selectable } from 'kysely';
import { compiledQueries } from '../../db/compiled-queries.ts';
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

  /**
   * The user behind a live session, or undefined when the session is unknown, revoked or expired.
   * Written as a lookup by primary key plus an EXISTS rather than a join: SQLite re-plans a join
   * with bound values on every run, and this query runs on every authenticated request (so it is
   * also compiled once).
   */
  async findActiveUser(sessionId: string, userId: number, now: string): Promise<UserRow | undefined> {
    const [user] = await compiledQueries.run(
      this.#db,
      'session.findActiveUser',
      [sessionId, userId, now],
      (arg) =>
        this.#db
          .selectFrom('users')
          .selectAll()
          .where('id', '=', arg(1))
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('sessions')
                .select('id')
                .where('id', '=', arg(0))
                .where('userId', '=', arg(1))
                .where('revokedAt', 'is', null)
                .where('expiresAt', '>', arg(2)),
            ),
          ),
    );
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
}
