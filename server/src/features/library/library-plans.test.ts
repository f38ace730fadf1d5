import { CamelCasePlugin, type CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import { buildTestApp, registerUser, testDialect } from '../../../test/helpers.ts';
import { parsePostgresUrl, preparedText } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { createBooksService } from '../books/index.ts';
import type { KeysetPosition } from './cursor.ts';
import { LibraryRepository, type ListParams } from './library.repository.ts';
import { SORTS } from './library.schemas.ts';

/*
 * The list queries must walk an index in order: SQLite may only SEARCH library_entries (never
 * SCAN it or sort in a temporary b-tree); PostgreSQL, with sequential scans and sorts priced
 * out so a tiny test table cannot hide a missing index, must use an index scan and no Sort.
 * PRINT_PLANS=1 prints every plan (the README's notes come from it).
 */

let t: Awaited<ReturnType<typeof buildTestApp>>;
let userId: number;
let captured: CompiledQuery[] = [];
let logged: Kysely<Database>;
let pool: pg.Pool | null = null;

beforeAll(async () => {
  t = await buildTestApp();
  const user = await registerUser(t.app);
  userId = user.id;
  for (let i = 0; i < 30; i += 1) {
    const book = await buildBook(t.database.db);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/library',
      headers: user.auth,
      payload: {
        bookId: book.id,
        status: i % 3 === 0 ? 'read' : 'want_to_read',
        ...(i % 2 === 0 ? { rating: 3 } : {}),
        tags: i % 4 === 0 ? ['favourite'] : [],
      },
    });
    expect(res.statusCode).toBe(201);
  }
  const log = (event: { query: CompiledQuery }) => {
    captured.push(event.query);
  };
  if (testDialect === 'sqlite') {
    const sqlite = t.database.sqlite;
    if (!sqlite) throw new Error('no sqlite handle');
    logged = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      plugins: [new CamelCasePlugin()],
      log,
    });
  } else {
    const url = t.config.database.dialect === 'postgres' ? t.config.database.url : '';
    const { connectionString, schema } = parsePostgresUrl(url);
    pool = new pg.Pool({ connectionString, max: 1, options: `-c search_path=${schema}` });
    logged = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin()],
      log,
    });
    await pool.query('analyze library_entries, entry_tags, reads, books');
  }
});

afterAll(async () => {
  await logged?.destroy();
  await t.close();
});

async function explain(
  query: CompiledQuery,
  options: { ordered: boolean } = { ordered: true },
): Promise<string[]> {
  // Explain the statement exactly as the driver prepares it (on SQLite, after stable-plans.ts).
  const text = preparedText(testDialect, query.sql);
  if (testDialect === 'sqlite') {
    const sqlite = t.database.sqlite;
    if (!sqlite) throw new Error('no sqlite handle');
    if (query.parameters.length > 0 && !text.includes('+?')) throw new Error(`not rewritten: ${text}`);
    const rows = sqlite.prepare(`explain query plan ${text}`).all(...(query.parameters as unknown[])) as {
      detail: string;
    }[];
    return rows.map((r) => r.detail);
  }
  if (!pool) throw new Error('no pool');
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('set local enable_seqscan = off');
    if (options.ordered) {
      await client.query('set local enable_sort = off');
      await client.query('set local enable_bitmapscan = off');
    }
    const res = await client.query<{ 'QUERY PLAN': string }>(
      `explain ${text}`,
      query.parameters as unknown[],
    );
    await client.query('rollback');
    return res.rows.map((r) => r['QUERY PLAN']);
  } finally {
    client.release();
  }
}

async function plansOf(params: Omit<ListParams, 'userId' | 'take'>) {
  captured = [];
  await new LibraryRepository(logged).listEntries({ userId, take: 21, ...params });
  const plans: { sql: string; plan: string[] }[] = [];
  for (const query of captured)
    plans.push({ sql: preparedText(testDialect, query.sql), plan: await explain(query) });
  return plans;
}

function expectIndexed(label: string, plans: { sql: string; plan: string[] }[]) {
  expect(plans.length).toBeGreaterThan(0);
  for (const { sql, plan } of plans) {
    if (process.env.PRINT_PLANS)
      console.log(`-- ${testDialect} ${label}\n${sql}\n${plan.map((l) => `   ${l}`).join('\n')}\n`);
    const text = plan.join('\n');
    if (testDialect === 'sqlite') {
      expect(text, label).not.toMatch(/SCAN library_entries/);
      expect(text, label).not.toMatch(/TEMP B-TREE/);
      expect(text, label).toMatch(/SEARCH library_entries USING (COVERING )?INDEX library_entries_user_/);
    } else {
      expect(text, label).not.toMatch(/Seq Scan/);
      expect(text, label).not.toMatch(/\bSort\b/);
      expect(text, label).toMatch(/Index Scan( Backward)? using library_entries_user_/);
    }
  }
}

const valuesAfter = (key: string | number): KeysetPosition => ({ phase: 'values', key, id: 5 });
const nullsAfter: KeysetPosition = { phase: 'nulls', key: null, id: 5 };
const KEYS: Record<(typeof SORTS)[number], string | number> = {
  updated: '2026-01-01T00:00:00.000Z',
  added: '2026-01-01T00:00:00.000Z',
  title: 'book 5',
  author: 'author 5',
  rating: 6,
  finished: '2026-01-01',
};

describe('library list query plans', () => {
  for (const sort of SORTS) {
    for (const order of ['asc', 'desc'] as const) {
      it(`sort=${sort} order=${order} uses an index in order, with and without a status and a cursor`, async () => {
        expectIndexed(`${sort} ${order} first page`, await plansOf({ sort, order, after: null }));
        expectIndexed(
          `${sort} ${order} status=read, after a cursor`,
          await plansOf({ sort, order, status: 'read', after: valuesAfter(KEYS[sort]) }),
        );
        if (sort === 'rating' || sort === 'finished') {
          expectIndexed(`${sort} ${order} in the nulls`, await plansOf({ sort, order, after: nullsAfter }));
        }
      });
    }
  }

  it('filters by tag, words, format and visibility on the same indexes', async () => {
    expectIndexed('tag', await plansOf({ sort: 'updated', order: 'desc', after: null, tagKey: 'favourite' }));
    expectIndexed('words', await plansOf({ sort: 'title', order: 'asc', after: null, words: ['book', '1'] }));
    expectIndexed(
      'format + ownership',
      await plansOf({ sort: 'added', order: 'desc', after: null, format: 'ebook', ownership: 'owned' }),
    );
    for (const filter of ['format', 'ownership'] as const) {
      const plans = await plansOf({
        sort: 'updated',
        order: 'desc',
        after: null,
        ...(filter === 'format' ? { format: 'ebook' } : { ownership: 'owned' }),
      });
      expectIndexed(`${filter} on the default sort`, plans);
      expect(plans.map((p) => p.plan.join('\n')).join('\n')).toContain(`library_entries_user_${filter}_idx`);
    }
    expectIndexed(
      'another reader (visibility)',
      await plansOf({ sort: 'updated', order: 'desc', after: null, visibilities: ['public'] }),
    );
  });

  it('loads a page’s books, tags and reads, and counts, through indexes', async () => {
    const repo = new LibraryRepository(logged);
    const books = createBooksService({ db: logged, dialect: testDialect }, t.config, t.app.ctx.storage);
    const queries: [string, () => Promise<unknown>][] = [
      ['books of a page', () => books.findRows([1, 2, 3])],
      ['tags of a page', () => repo.tagsFor([1, 2, 3])],
      ['reads of a page', () => repo.readsFor([1, 2, 3])],
      ['counts by status', () => repo.countByStatus(userId)],
      ['tag counts', () => repo.tagCounts(userId)],
      ['entry by book', () => repo.findEntryByBook(userId, 1)],
    ];
    for (const [label, run] of queries) {
      captured = [];
      await run();
      for (const query of captured) {
        const plan = await explain(query, { ordered: false });
        if (process.env.PRINT_PLANS)
          console.log(
            `-- ${testDialect} ${label}\n${preparedText(testDialect, query.sql)}\n${plan.map((l) => `   ${l}`).join('\n')}\n`,
          );
        const text = plan.join('\n');
        if (testDialect === 'sqlite')
          expect(text, label).not.toMatch(/SCAN (library_entries|entry_tags|reads|books)\b/);
        else expect(text, label).not.toMatch(/Seq Scan/);
      }
    }
  });
});
