import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { IdentitiesTable } from '../../db/tables/identities.table.ts';

export type IdentityRow = Selectable<IdentitiesTable>;

export class IdentitiesRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  find(provider: string, subject: string): Promise<IdentityRow | undefined> {
    return this.#db
      .selectFrom('identities')
      .selectAll()
      .where('provider', '=', provider)
      .where('subject', '=', subject)
      .executeTakeFirst();
  }

  listForUser(userId: number): Promise<IdentityRow[]> {
    return this.#db.selectFrom('identities').selectAll().where('userId', '=', userId).orderBy('id').execute();
  }

  async insert(row: Omit<IdentityRow, 'id'>): Promise<IdentityRow> {
    return this.#db.insertInto('identities').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async delete(userId: number, id: number): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('identities')
      .where('id', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
