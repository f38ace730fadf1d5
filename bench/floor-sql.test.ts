import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/src/config.ts';
import { type AppDatabase, createDatabase } from '../server/src/db/database.ts';
import { migrateToLatest } from '../server/src/db/migrator.ts';
import type { Database } from '../server/src/db/schema.ts';
import { SessionRepository } from '../server/src/features/auth/index.ts';
import { createBooksService } from '../server/src/features/books/index.ts';
import { LibraryRepository } from '../server/src/features/library/index.ts';
import { SocialRepository } from '../server/src/features/social/index.ts';
import { ProfileRepository } from '../server/src/features/users/index.ts';
import { BOOKS_SQL, ENTRIES_SQL, READS_SQL, SESSION_SQL, TAGS_SQL } from './floor-server.ts';
import { FOLLOW_SQL, PROFILE_SQL, UNFOLLOW_SQL } from './floor-social.ts';

// The floor is only a floor if it runs the app's own SQL: record what the repositories send for
// the first library page and compare it with the floor's hand-written statements.
let database: AppDatabase;
let recorded: string[];
let db: Kysely<Database>;

beforeAll(async () => {
  database = createDatabase({ dialect: 'sqlite', url: 'sqlite::memory:', path: ':memory:' });
  await migrateToLatest(database);
  recorded = [];
  db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: database.sqlite as NonNullable<AppDatabase['sqlite']> }),
    plugins: [new CamelCasePlugin()],
    log: (event) => {
      recorded.push(event.query.sql);
    },
  });
});

afterAll(async () => {
  await database.close();
});

describe('the floor server', () => {
  it('runs the same SQL as the app for the first library page', async () => {
    await new SessionRepository(db).findActiveUser('session', 1, new Date().toISOString());
    const library = new LibraryRepository(db);
    await library.listEntries({
      userId: 1,
      sort: 'updated',
      order: 'desc',
      after: null,
      take: 21,
      words: [],
    });
    await library.tagsFor([1, 2, 3]);
    await library.readsFor([1, 2, 3]);
    const storage = { remove: async () => {}, write: async () => {} };
    await createBooksService(
      { db, dialect: 'sqlite' },
      loadConfig({ SECRET_KEY: 'x'.repeat(40) }),
      storage,
    ).findRows([4, 5]);
    expect(recorded).toEqual([SESSION_SQL, ENTRIES_SQL, TAGS_SQL(3), READS_SQL(3), BOOKS_SQL(2)]);
  });

  // Whitespace aside, the same text: the floor is hand-written, the app's is built by Kysely.
  const words = (text: string) => text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();

  it('runs the same statement as the app for the profile page, on both dialects', async () => {
    recorded.length = 0;
    await new ProfileRepository(db).find('someone', 1, 2026);
    expect(recorded.map(words)).toEqual([words(PROFILE_SQL)]);
    // PostgreSQL numbers its placeholders; the floor's query() numbers the `?` the same way.
    const postgres = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool() }),
      plugins: [new CamelCasePlugin()],
    });
    const compiled = ProfileRepository.compile(postgres, 'someone', 1, 2026);
    expect(words(compiled.sql.replace(/\$\d+/g, '?'))).toEqual(words(PROFILE_SQL));
    await postgres.destroy();
  });

  it('runs the same statement as the app to follow a reader', async () => {
    recorded.length = 0;
    await new SocialRepository(db).followByUsername(1, 'someone', new Date().toISOString());
    expect(recorded.map(words)).toEqual([words(FOLLOW_SQL)]);
  });

  it('runs the same statement as the app to unfollow a reader', async () => {
    recorded.length = 0;
    await new SocialRepository(db).unfollowByUsername(1, 'someone');
    expect(recorded.map(words)).toEqual([words(UNFOLLOW_SQL)]);
  });
});
