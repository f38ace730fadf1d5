import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { UsersTable } from '../../db/tables/users.table.ts';

export type UserRow = Selectable<UsersTable>;

/** What a user shows to others (`toPublicUser`); the session lookup selects only these. */
export const PUBLIC_USER_COLUMNS = [
  'id',
  'username',
  'displayName',
  'bio',
  'avatarPath',
  'privacy',
  'createdAt',
] as const satisfies readonly (keyof UserRow)[];
export type PublicUserRow = Pick<UserRow, (typeof PUBLIC_USER_COLUMNS)[number]>;

export class UsersRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  findById(id: number): Promise<UserRow | undefined> {
    return this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUsername(username: string): Promise<UserRow | undefined> {
    return this.#db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.#db
      .selectFrom('users')
      .selectAll()
      .where('emailLower', '=', email.toLowerCase())
      .executeTakeFirst();
  }

  /** Finds by email or username, whichever the login looks like. */
  findByLogin(login: string): Promise<UserRow | undefined> {
    const lower = login.toLowerCase();
    return this.#db
      .selectFrom('users')
      .selectAll()
      .where((eb) => (lower.includes('@') ? eb('emailLower', '=', lower) : eb('username', '=', lower)))
      .executeTakeFirst();
  }

  async insert(row: Insertable<UsersTable>): Promise<UserRow> {
    return this.#db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async update(id: number, changes: Updateable<UsersTable>): Promise<UserRow> {
    return this.#db
      .updateTable('users')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async delete(id: number): Promise<void> {
    await this.#db.deleteFrom('users').where('id', '=', id).execute();
  }
}
