import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export class PasswordResetRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Stores a new token for the user, dropping any older one (a newer request invalidates it). */
  async replace(row: { tokenHash: string; userId: number; createdAt: string; expiresAt: string }) {
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('passwordResetTokens').where('userId', '=', row.userId).execute();
      await trx.insertInto('passwordResetTokens').values(row).execute();
    });
  }

  /**
   * Takes a live token: deletes it and returns its user, or undefined when it is unknown or
   * expired. The delete is the claim, so two simultaneous uses cannot both succeed.
   */
  async consume(tokenHash: string, now: string): Promise<number | undefined> {
    const row = await this.#db
      .deleteFrom('passwordResetTokens')
      .where('tokenHash', '=', tokenHash)
      .returning(['userId', 'expiresAt'])
      .executeTakeFirst();
    if (!row || row.expiresAt <= now) return undefined;
    return row.userId;
  }

  async deleteForUser(userId: number) {
    await this.#db.deleteFrom('passwordResetTokens').where('userId', '=', userId).execute();
  }

  async deleteExpired(now: string) {
    await this.#db.deleteFrom('passwordResetTokens').where('expiresAt', '<=', now).execute();
  }
}
