/**
 * Fills an empty database with a realistic reading community through the project's own schema:
 * readers, a catalog, skewed library entries with ratings, reviews, rereads and tags.
 *
 *   node bench/generate.ts --scale 1000000                       (SQLite file in bench/.data/)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench node bench/generate.ts --scale 100000
 *
 * Rows go in with batched inserts inside transactions; the library's secondary indexes are
 * dropped during the load and re-created from their own definitions afterwards (much faster than
 * keeping fifteen indexes up to date row by row), then the database is analyzed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../server/src/config.ts';
import { type AppDatabase, createDatabase, parsePostgresUrl } from '../server/src/db/database.ts';
import { migrateToLatest } from '../server/src/db/migrator.ts';
import { bookSearchText, isbn13To10, sortAuthor, sortTitle } from '../server/src/features/books/index.ts';
import { hashPassword } from '../server/src/lib/passwords.ts';
import {
  ADDER_COUNT,
  adderName,
  BENCH_PASSWORD,
  communitySize,
  DATASET_MARKER_TABLE,
  DEEP_READER,
  FEED_FOLLOWS,
  FEED_HEAVY_READER,
  FEED_HEAVY_READER_INDEX,
  FEED_READER,
  FEED_READER_INDEX,
  FIRST_PAGE_ENTRIES,
  FIRST_PAGE_READER,
  MAX_FOLLOWS,
  PROGRESS_CURRENTLY_READING,
  PROGRESS_ENTRIES,
  PROGRESS_READER_COUNT,
  progressReaderName,
  readerName,
  SPECIAL_READERS,
} from './community.ts';
import {
  isbn13For,
  normal,
  pick,
  type Random,
  randomInt,
  readerShelfSizes,
  seededRandom,
  shuffle,
  weighted,
  ZipfSampler,
} from './distributions.ts';
import { ACTIVITY_TYPES, entryActivities, followDegrees, pickFollowees } from './social-data.ts';
import {
  ADJECTIVES,
  CATEGORIES,
  DESCRIPTION_SENTENCES,
  FIRST_NAMES,
  LANGUAGES,
  LAST_NAMES,
  NOUNS,
  PLACES,
  PUBLISHERS,
  REVIEW_SENTENCES,
  SUBTITLES,
  TAGS,
} from './words.ts';

const DAY = 86_400_000;
const YEAR = 365 * DAY;
const BATCH_ROWS = 5000;

/** Tables the generator fills, whose secondary indexes are rebuilt after the load. */
const REINDEXED_TABLES = ['library_entries', 'entry_tags', 'reads', 'follows', 'activities'] as const;

export interface GenerateOptions {
  scale: number;
  databaseUrl: string;
  /** Recorded in the marker table so the harness can reuse a matching data set. */
  key: string;
  log?: (message: string) => void;
}

type Cell = string | number | null;
type PgType = 'int' | 'text';

/** Batches rows into multi-row writes: a prepared insert in one transaction (SQLite) or unnest arrays (PostgreSQL). */
class BulkWriter {
  readonly #target: BulkTarget;
  readonly #table: string;
  readonly #columns: [string, PgType][];
  readonly #before: BulkWriter | null;
  #rows: Cell[][] = [];
  count = 0;

  constructor(
    target: BulkTarget,
    table: string,
    columns: [string, PgType][],
    before: BulkWriter | null = null,
  ) {
    this.#target = target;
    this.#table = table;
    this.#columns = columns;
    this.#before = before;
  }

  async add(row: Cell[]): Promise<void> {
    this.#rows.push(row);
    this.count++;
    if (this.#rows.length >= BATCH_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    // Rows that reference another table's rows wait until those are written.
    if (this.#before) await this.#before.flush();
    if (this.#rows.length === 0) return;
    const rows = this.#rows;
    this.#rows = [];
    await this.#target.insert(this.#table, this.#columns, rows);
  }
}

interface BulkTarget {
  insert(table: string, columns: [string, PgType][], rows: Cell[][]): Promise<void>;
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

function sqliteTarget(database: AppDatabase): BulkTarget {
  const handle = database.sqlite;
  if (!handle) throw new Error('not a SQLite database');
  handle.pragma('synchronous = OFF');
  handle.pragma('cache_size = -262144');
  handle.pragma('temp_store = MEMORY');
  const statements = new Map<string, ReturnType<typeof handle.prepare>>();
  return {
    async insert(table, columns, rows) {
      let statement = statements.get(table);
      if (!statement) {
        const names = columns.map(([name]) => name);
        statement = handle.prepare(
          `insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`,
        );
        statements.set(table, statement);
      }
      const run = statement;
      handle.transaction(() => {
        for (const row of rows) run.run(row);
      })();
    },
    async exec(sql) {
      handle.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return handle.prepare(sql).all(...params) as T[];
    },
    async close() {
      handle.pragma('synchronous = NORMAL');
      handle.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

async function postgresTarget(url: string): Promise<BulkTarget> {
  const { connectionString, schema } = parsePostgresUrl(url);
  const client = new pg.Client({
    connectionString,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  await client.connect();
  await client.query('set synchronous_commit = off');
  await client.query(`set maintenance_work_mem = '256MB'`);
  return {
    async insert(table, columns, rows) {
      const arrays = columns.map((_, i) => rows.map((row) => row[i] ?? null));
      const names = columns.map(([name]) => name).join(', ');
      const casts = columns
        .map(([, type], i) => `$${i + 1}::${type === 'int' ? 'int' : 'text'}[]`)
        .join(', ');
      await client.query(`insert into ${table} (${names}) select * from unnest(${casts})`, arrays);
    },
    async exec(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async close() {
      await client.end();
    },
  };
}

interface IndexDefinition {
  name: string;
  sql: string;
}

/** The secondary indexes of a table as their own DDL, leaving the primary key and constraints alone. */
async function secondaryIndexes(target: BulkTarget, dialect: 'sqlite' | 'postgres', table: string) {
  if (dialect === 'sqlite') {
    return target.query<IndexDefinition>(
      `select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null`,
      [table],
    );
  }
  return target.query<IndexDefinition>(
    `select i.relname as name, pg_get_indexdef(i.oid) as sql
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where t.relname = $1 and n.nspname = current_schema()
        and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`,
    [table],
  );
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

interface Catalog {
  pageCount: Int32Array;
  sortTitle: string[];
  sortAuthor: string[];
  searchText: string[];
}

function bookTitle(random: Random): string {
  const noun = () => pick(random, NOUNS);
  const adjective = () => pick(random, ADJECTIVES);
  switch (weighted(random, { a: 22, b: 18, c: 14, d: 10, e: 10, f: 8, g: 8, h: 10 })) {
    case 'a':
      return `The ${adjective()} ${noun()}`;
    case 'b':
      return `The ${noun()} of ${pick(random, ['the', 'a', 'our', 'my'])} ${noun()}`;
    case 'c':
      return `${adjective()} ${noun()}`;
    case 'd':
      return `A ${noun()} in ${pick(random, PLACES)}`;
    case 'e':
      return `${pick(random, FIRST_NAMES)} and the ${adjective()} ${noun()}`;
    case 'f':
      return `The ${noun()} and the ${noun()}`;
    case 'g':
      return `${noun()}s of ${pick(random, PLACES)}`;
    default:
      return `The ${noun()}`;
  }
}

function sentences(random: Random, from: readonly string[], min: number, max: number): string {
  return Array.from({ length: randomInt(random, min, max) }, () => pick(random, from)).join(' ');
}

async function insertCatalog(
  random: Random,
  books: number,
  readers: number,
  writer: BulkWriter,
  now: number,
): Promise<Catalog> {
  const authorPool = Array.from(
    { length: Math.max(500, Math.round(books / 6)) },
    () => `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`,
  );
  const catalog: Catalog = {
    pageCount: new Int32Array(books),
    sortTitle: [],
    sortAuthor: [],
    searchText: [],
  };
  for (let b = 0; b < books; b++) {
    const id = b + 1;
    const title = bookTitle(random);
    const subtitle = random() < 0.2 ? pick(random, SUBTITLES) : null;
    const authorCount = weighted(random, { one: 85, two: 12, three: 3 });
    const authors = [
      ...new Set(
        Array.from({ length: { one: 1, two: 2, three: 3 }[authorCount] }, () => pick(random, authorPool)),
      ),
    ];
    const source = weighted(random, { openlibrary: 50, google: 40, manual: 10 });
    const isbn13 = source !== 'manual' || random() < 0.5 ? isbn13For(id) : null;
    const isbn10 = isbn13 ? isbn13To10(isbn13) : null;
    const pages =
      random() < 0.05 ? null : Math.round(Math.min(1500, Math.max(24, 320 + 140 * normal(random))));
    catalog.pageCount[b] = pages ?? 0;
    const year = Math.min(2025, Math.round(2025 - Math.abs(normal(random)) * 30));
    const month = String(randomInt(random, 1, 12)).padStart(2, '0');
    const published = weighted(random, {
      year: 30,
      month: 10,
      full: 55,
      none: 5,
    });
    const publishedDate =
      published === 'year'
        ? String(year)
        : published === 'month'
          ? `${year}-${month}`
          : published === 'full'
            ? `${year}-${month}-${String(randomInt(random, 1, 28)).padStart(2, '0')}`
            : null;
    const created = now - Math.floor(random() * 8 * YEAR);
    const owner = source === 'manual' ? randomInt(random, SPECIAL_READERS + 1, readers) : null;
    const row = {
      title,
      subtitle,
      authors,
      isbn13,
      isbn10,
    };
    const keys = {
      sortTitle: sortTitle(title),
      sortAuthor: sortAuthor(authors),
      searchText: bookSearchText(row),
    };
    catalog.sortTitle.push(keys.sortTitle);
    catalog.sortAuthor.push(keys.sortAuthor);
    catalog.searchText.push(keys.searchText);
    await writer.add([
      id,
      title,
      subtitle,
      JSON.stringify(authors),
      keys.sortAuthor,
      keys.sortTitle,
      isbn10,
      isbn13,
      pages,
      publishedDate,
      random() < 0.9 ? pick(random, PUBLISHERS) : null,
      random() < 0.3 ? sentences(random, DESCRIPTION_SENTENCES, 1, 3) : null,
      random() < 0.95 ? weighted(random, LANGUAGES) : null,
      JSON.stringify([
        ...new Set([pick(random, CATEGORIES), ...(random() < 0.4 ? [pick(random, CATEGORIES)] : [])]),
      ]),
      isbn13 && random() < 0.85 ? `https://covers.openlibrary.org/b/isbn/${isbn13}-M.jpg` : null,
      source,
      source === 'google'
        ? `gb${id.toString(36).padStart(8, '0')}`
        : source === 'openlibrary'
          ? `OL${id}M`
          : null,
      keys.searchText,
      owner,
      // A reader's own book until a provider confirms it; provider records are confirmed.
      owner,
      owner === null ? iso(created) : null,
      // Covers are fetched by the app's background job; the benchmark's stay unfetched.
      'none',
      iso(created),
      iso(created + Math.floor(random() * (now - created))),
    ]);
  }
  await writer.flush();
  return catalog;
}

/** Stored ratings are half-stars 1..10; readers rate what they finish generously, what they abandon less so. */
const HALF_STARS_READ = {
  '10': 14,
  '9': 18,
  '8': 24,
  '7': 17,
  '6': 12,
  '5': 6,
  '4': 4,
  '3': 2,
  '2': 2,
  '1': 1,
};
const HALF_STARS_DNF = { '6': 5, '5': 10, '4': 20, '3': 20, '2': 25, '1': 20 };
const FORMATS = { none: 30, paperback: 30, ebook: 20, hardcover: 10, audiobook: 8, other: 2 };
const OWNERSHIPS = { none: 40, owned: 35, library: 10, borrowed: 5, wishlist: 5, not_owned: 5 };
const orNull = (value: string) => (value === 'none' ? null : value);

/** One entry's fields by the shelf rules the app enforces, as a row in column order. */
function entryRow(
  random: Random,
  id: number,
  userId: number,
  bookIndex: number,
  created: number,
  now: number,
  privacy: string,
  forcedStatus: string | null,
  catalog: Catalog,
): {
  row: Cell[];
  status: string;
  started: number | null;
  finished: number | null;
  visibility: string;
  hasReview: boolean;
} {
  const status =
    forcedStatus ?? weighted(random, { read: 55, want_to_read: 30, currently_reading: 8, did_not_finish: 7 });
  const pageCount = catalog.pageCount[bookIndex] || null;
  let started: number | null = null;
  let finished: number | null = null;
  let pages: number | null = null;
  let percent: number | null = null;
  let rating: number | null = null;
  const clamp = (ms: number) => Math.min(ms, now);
  if (status === 'read') {
    started = clamp(created + Math.floor(random() * 120 * DAY));
    finished = clamp(started + randomInt(random, 2, 45) * DAY);
    percent = 100;
    pages = pageCount;
    if (random() < 0.75) rating = Number(weighted(random, HALF_STARS_READ));
  } else if (status === 'currently_reading' || status === 'did_not_finish') {
    started = clamp(created + Math.floor(random() * 30 * DAY));
    if (pageCount) {
      pages = randomInt(random, 1, Math.max(1, pageCount - 1));
      percent = Math.min(100, Math.round((pages * 100) / pageCount));
    } else {
      percent = randomInt(random, 1, 99);
    }
    if (status === 'did_not_finish') {
      if (random() < 0.3) finished = clamp(started + randomInt(random, 1, 60) * DAY);
      if (random() < 0.3) rating = Number(weighted(random, HALF_STARS_DNF));
    }
  }
  const review = rating !== null && random() < 0.15 ? sentences(random, REVIEW_SENTENCES, 1, 4) : null;
  const visibility = random() < 0.9 ? privacy : weighted(random, { public: 70, followers: 15, private: 15 });
  const touched = Math.max(created, finished ?? started ?? created);
  const updated = clamp(touched + Math.floor(random() * 3 * 3_600_000));
  return {
    status,
    started,
    finished,
    visibility,
    hasReview: review !== null,
    row: [
      id,
      userId,
      bookIndex + 1,
      status,
      orNull(weighted(random, FORMATS)),
      orNull(weighted(random, OWNERSHIPS)),
      rating,
      review,
      review !== null && random() < 0.1 ? 1 : 0,
      started === null ? null : day(started),
      finished === null ? null : day(finished),
      pages,
      percent,
      visibility,
      catalog.sortTitle[bookIndex] ?? '',
      catalog.sortAuthor[bookIndex] ?? '',
      catalog.searchText[bookIndex] ?? '',
      iso(created),
      iso(Math.max(created, updated)),
    ],
  };
}

export async function generate(options: GenerateOptions): Promise<{ seconds: number }> {
  const log = options.log ?? ((m: string) => console.log(m));
  const started = performance.now();
  const size = communitySize(options.scale);
  const config = loadConfig(
    { NODE_ENV: 'test', DATABASE_URL: options.databaseUrl, SECRET_KEY: 'x'.repeat(32), LOG_LEVEL: 'silent' },
    process.cwd(),
  ).database;
  if (config.dialect === 'postgres') {
    const { connectionString, schema } = parsePostgresUrl(config.url);
    if (schema) {
      const client = new pg.Client({ connectionString });
      await client.connect();
      await client.query(`create schema if not exists ${schema}`);
      await client.end();
    }
  }
  const database = createDatabase(config);
  let target: BulkTarget | null = null;
  try {
    await migrateToLatest(database);
    target = config.dialect === 'sqlite' ? sqliteTarget(database) : await postgresTarget(config.url);
    const [{ count }] = (await target.query<{ count: number | string }>(
      'select count(*) as count from users',
    )) as [{ count: number | string }];
    if (Number(count) > 0)
      throw new Error('The target database already has users; generate into an empty database.');

    log(
      `Generating ${size.entries.toLocaleString('en')} entries, ${size.readers.toLocaleString('en')} readers, ` +
        `${size.books.toLocaleString('en')} books into ${config.dialect}…`,
    );
    const random = seededRandom(size.entries);
    const now = Math.floor(Date.now() / DAY) * DAY;
    const passwordHash = await hashPassword(BENCH_PASSWORD);

    const dropped: IndexDefinition[] = [];
    for (const table of REINDEXED_TABLES) {
      for (const index of await secondaryIndexes(target, config.dialect, table)) {
        dropped.push(index);
        await target.exec(`drop index ${index.name}`);
      }
    }

    // Readers: the scenario readers first, then the community.
    const userWriter = new BulkWriter(target, 'users', [
      ['id', 'int'],
      ['email', 'text'],
      ['email_lower', 'text'],
      ['username', 'text'],
      ['display_name', 'text'],
      ['bio', 'text'],
      ['privacy', 'text'],
      ['password_hash', 'text'],
      ['email_verified', 'int'],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ]);
    const privacy: string[] = [];
    const joined = new Float64Array(size.readers);
    for (let u = 0; u < size.readers; u++) {
      const name =
        u === 0
          ? FIRST_PAGE_READER
          : u === 1
            ? DEEP_READER
            : u < 2 + ADDER_COUNT
              ? adderName(u - 2)
              : u < FEED_READER_INDEX
                ? progressReaderName(u - 2 - ADDER_COUNT)
                : u === FEED_READER_INDEX
                  ? FEED_READER
                  : u === FEED_HEAVY_READER_INDEX
                    ? FEED_HEAVY_READER
                    : readerName(u - SPECIAL_READERS);
      const userPrivacy =
        u < SPECIAL_READERS ? 'public' : weighted(random, { public: 80, followers: 12, private: 8 });
      privacy.push(userPrivacy);
      joined[u] = u < SPECIAL_READERS ? now - 6 * YEAR : now - 30 * DAY - Math.floor(random() * 8 * YEAR);
      const display = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
      const at = iso(joined[u] as number);
      await userWriter.add([
        u + 1,
        `${name}@bench.example`,
        `${name}@bench.example`,
        name,
        display,
        random() < 0.3 ? 'Reader of many things.' : '',
        userPrivacy,
        passwordHash,
        1,
        at,
        at,
      ]);
    }
    await userWriter.flush();
    log(`  readers: ${userWriter.count}`);

    const bookWriter = new BulkWriter(target, 'books', [
      ['id', 'int'],
      ['title', 'text'],
      ['subtitle', 'text'],
      ['authors', 'text'],
      ['sort_author', 'text'],
      ['sort_title', 'text'],
      ['isbn10', 'text'],
      ['isbn13', 'text'],
      ['page_count', 'int'],
      ['published_date', 'text'],
      ['publisher', 'text'],
      ['description', 'text'],
      ['language', 'text'],
      ['categories', 'text'],
      ['cover_source_url', 'text'],
      ['source', 'text'],
      ['source_id', 'text'],
      ['search_text', 'text'],
      ['created_by', 'int'],
      ['owner_id', 'int'],
      ['confirmed_at', 'text'],
      ['cover_state', 'text'],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ]);
    const catalog = await insertCatalog(random, size.books, size.readers, bookWriter, now);
    log(`  books: ${bookWriter.count} (${elapsed(started)})`);

    // Who shelves what: shelf sizes per reader, then books drawn by popularity without repeats.
    const population = size.readers - SPECIAL_READERS;
    const fixed = FIRST_PAGE_ENTRIES + size.deepEntries + PROGRESS_READER_COUNT * PROGRESS_ENTRIES;
    const shelves = [
      FIRST_PAGE_ENTRIES,
      size.deepEntries,
      ...Array.from({ length: ADDER_COUNT }, () => 0),
      ...Array.from({ length: PROGRESS_READER_COUNT }, () => PROGRESS_ENTRIES),
      0,
      0,
      ...readerShelfSizes(random, population, size.entries - fixed, 1, size.maxShelf),
    ];
    const popularity = new ZipfSampler(size.books, 1.0, 50);
    const rankToBook = new Int32Array(size.books);
    for (let i = 0; i < size.books; i++) rankToBook[i] = i;
    shuffle(random, rankToBook);

    const entryUser = new Int32Array(size.entries);
    const entryBook = new Int32Array(size.entries);
    const entryCreated = new Float64Array(size.entries);
    const forcedReading = new Uint8Array(size.entries);
    let n = 0;
    for (let u = 0; u < size.readers; u++) {
      const shelf = shelves[u] ?? 0;
      const taken = new Set<number>();
      const isProgressReader = u >= 2 + ADDER_COUNT && u < FEED_READER_INDEX;
      const from = joined[u] as number;
      for (let k = 0; k < shelf; k++) {
        const needsPages = isProgressReader && k < PROGRESS_CURRENTLY_READING;
        let book = -1;
        for (let tries = 0; tries < 200 && book < 0; tries++) {
          const candidate = rankToBook[popularity.sample(random)] as number;
          if (!taken.has(candidate) && (!needsPages || (catalog.pageCount[candidate] ?? 0) > 1))
            book = candidate;
        }
        // A very long shelf exhausts the popular books; the tail fills the rest.
        while (book < 0 || taken.has(book) || (needsPages && (catalog.pageCount[book] ?? 0) <= 1)) {
          book = randomInt(random, 0, size.books - 1);
        }
        taken.add(book);
        entryUser[n] = u + 1;
        entryBook[n] = book;
        entryCreated[n] = from + Math.floor(random() * (now - 3_600_000 - from));
        forcedReading[n] = needsPages ? 1 : 0;
        n++;
      }
    }
    if (n !== size.entries) throw new Error(`Generated ${n} entries instead of ${size.entries}`);

    // Ids follow the time a book was shelved, so a reader's entries are spread through the table
    // as they would be after years of use.
    const order = new Uint32Array(size.entries);
    for (let i = 0; i < size.entries; i++) order[i] = i;
    order.sort((a, b) => (entryCreated[a] as number) - (entryCreated[b] as number));

    const entryWriter = new BulkWriter(target, 'library_entries', [
      ['id', 'int'],
      ['user_id', 'int'],
      ['book_id', 'int'],
      ['status', 'text'],
      ['format', 'text'],
      ['ownership', 'text'],
      ['rating', 'int'],
      ['review', 'text'],
      ['review_has_spoilers', 'int'],
      ['started_on', 'text'],
      ['finished_on', 'text'],
      ['progress_pages', 'int'],
      ['progress_percent', 'int'],
      ['visibility', 'text'],
      ['sort_title', 'text'],
      ['sort_author', 'text'],
      ['search_text', 'text'],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ]);
    const tagWriter = new BulkWriter(
      target,
      'entry_tags',
      [
        ['entry_id', 'int'],
        ['user_id', 'int'],
        ['tag', 'text'],
        ['tag_key', 'text'],
        ['position', 'int'],
      ],
      entryWriter,
    );
    const readWriter = new BulkWriter(
      target,
      'reads',
      [
        ['id', 'int'],
        ['entry_id', 'int'],
        ['user_id', 'int'],
        ['started_on', 'text'],
        ['finished_on', 'text'],
        ['created_at', 'text'],
        ['updated_at', 'text'],
      ],
      entryWriter,
    );
    // Activities are collected here and written in time order once every entry is in.
    const activityCapacity = size.entries * 3 + size.readers;
    const act = {
      user: new Int32Array(activityCapacity),
      entry: new Int32Array(activityCapacity),
      book: new Int32Array(activityCapacity),
      type: new Uint8Array(activityCapacity),
      visibility: new Uint8Array(activityCapacity),
      count: new Int32Array(activityCapacity),
      at: new Float64Array(activityCapacity),
      n: 0,
    };
    const VISIBILITY_CODES = ['public', 'followers', 'private'];
    const pushActivity = (
      user: number,
      entry: number,
      book: number,
      type: number,
      visibility: number,
      at: number,
      count = 0,
    ) => {
      const k = act.n++;
      act.user[k] = user;
      act.entry[k] = entry;
      act.book[k] = book;
      act.type[k] = type;
      act.visibility[k] = visibility;
      act.at[k] = at;
      act.count[k] = count;
    };
    let readId = 0;
    for (let i = 0; i < size.entries; i++) {
      const e = order[i] as number;
      const id = i + 1;
      const userId = entryUser[e] as number;
      const {
        row,
        status,
        started: startedOn,
        finished,
        visibility,
        hasReview,
      } = entryRow(
        random,
        id,
        userId,
        entryBook[e] as number,
        entryCreated[e] as number,
        now,
        privacy[userId - 1] ?? 'public',
        forcedReading[e] ? 'currently_reading' : null,
        catalog,
      );
      await entryWriter.add(row);
      const created = entryCreated[e] as number;
      for (const a of entryActivities(
        random,
        { status, created, started: startedOn, finished, hasReview },
        now,
      )) {
        pushActivity(
          userId,
          id,
          (entryBook[e] as number) + 1,
          ACTIVITY_TYPES.indexOf(a.type),
          VISIBILITY_CODES.indexOf(visibility),
          a.at,
        );
      }
      if (random() < 0.2) {
        const seen = new Set<string>();
        const count = randomInt(random, 1, 3);
        for (let t = 0; t < count; t++) {
          const tag = pick(random, TAGS);
          const key = tag.toLowerCase();
          if (seen.has(key)) continue;
          seen.add(key);
          await tagWriter.add([id, userId, tag, key, seen.size - 1]);
        }
      }
      if (status === 'read' && finished !== null && random() < 0.05) {
        let after = finished;
        for (let r = 0; r < (random() < 0.8 ? 1 : 2); r++) {
          const start = after + randomInt(random, 90, 900) * DAY;
          if (start >= now) break;
          const end = start + randomInt(random, 3, 40) * DAY;
          const stamp = iso(Math.min(end, now));
          await readWriter.add([
            ++readId,
            id,
            userId,
            day(start),
            end <= now ? day(end) : null,
            stamp,
            stamp,
          ]);
          after = end;
        }
      }
    }
    await tagWriter.flush();
    await readWriter.flush();
    log(
      `  entries: ${entryWriter.count}, tags: ${tagWriter.count}, rereads: ${readWriter.count} (${elapsed(started)})`,
    );

    // Follows: a Zipf-skewed number per reader (median ~50, a few up to 2,000), popular readers
    // followed by many. The feed readers follow exactly 50 and as many as anyone (2,000).
    const ordinary = Int32Array.from({ length: population }, (_, i) => SPECIAL_READERS + i);
    const byPopularity = Int32Array.from(ordinary);
    shuffle(random, byPopularity);
    const readerPopularity = new ZipfSampler(population, 1.0, 10);
    const maxFollows = Math.min(MAX_FOLLOWS, population - 1);
    const degrees = followDegrees(random, population, maxFollows);
    const followWriter = new BulkWriter(target, 'follows', [
      ['follower_id', 'int'],
      ['followee_id', 'int'],
      ['created_at', 'text'],
    ]);
    const followFrom = async (u: number, count: number) => {
      const since = joined[u] as number;
      for (const v of pickFollowees(random, count, readerPopularity, byPopularity, u)) {
        const after = Math.max(since, joined[v] as number);
        await followWriter.add([u + 1, v + 1, iso(after + Math.floor(random() * (now - after)))]);
      }
    };
    await followFrom(FEED_READER_INDEX, FEED_FOLLOWS);
    await followFrom(FEED_HEAVY_READER_INDEX, Math.min(MAX_FOLLOWS, population));
    for (let i = 0; i < population; i++) await followFrom(SPECIAL_READERS + i, degrees[i] as number);
    await followWriter.flush();

    // A few imports ("added 312 books"), and batches to reach one activity per entry at least.
    for (let i = 0; i < Math.ceil(population / 200) || act.n < size.activities; i++) {
      const u = SPECIAL_READERS + randomInt(random, 0, population - 1);
      const since = joined[u] as number;
      pushActivity(
        u + 1,
        0,
        0,
        ACTIVITY_TYPES.indexOf('books_added'),
        0,
        since + Math.floor(random() * (now - since)),
        randomInt(random, 20, 600),
      );
    }
    const activityOrder = new Uint32Array(act.n);
    for (let i = 0; i < act.n; i++) activityOrder[i] = i;
    activityOrder.sort((a, b) => (act.at[a] as number) - (act.at[b] as number));
    const activityWriter = new BulkWriter(
      target,
      'activities',
      [
        ['id', 'int'],
        ['user_id', 'int'],
        ['type', 'text'],
        ['book_id', 'int'],
        ['entry_id', 'int'],
        ['subject_type', 'text'],
        ['subject_id', 'int'],
        ['visibility', 'text'],
        ['data', 'text'],
        ['created_at', 'text'],
        ['updated_at', 'text'],
      ],
      entryWriter,
    );
    for (let i = 0; i < act.n; i++) {
      const k = activityOrder[i] as number;
      const entry = act.entry[k] as number;
      const stamp = iso(act.at[k] as number);
      await activityWriter.add([
        i + 1,
        act.user[k] as number,
        ACTIVITY_TYPES[act.type[k] as number] as string,
        entry === 0 ? null : (act.book[k] as number),
        entry === 0 ? null : entry,
        entry === 0 ? null : 'entry',
        entry === 0 ? null : entry,
        VISIBILITY_CODES[act.visibility[k] as number] as string,
        // A batch as the app records one: a total and its split by visibility (all public here).
        entry === 0
          ? JSON.stringify({
              count: act.count[k],
              counts: { public: act.count[k], followers: 0, private: 0 },
            })
          : null,
        stamp,
        stamp,
      ]);
    }
    await activityWriter.flush();
    log(
      `  follows: ${followWriter.count} (median out-degree ${medianOf(degrees)}, max ${Math.max(...degrees)}), ` +
        `activities: ${activityWriter.count} (${elapsed(started)})`,
    );

    for (const index of dropped) await target.exec(index.sql);
    log(`  indexes re-created: ${dropped.length} (${elapsed(started)})`);
    // What the app's activity insert keeps (ActivitiesRepository.insert): each reader's newest activity.
    await target.exec(
      'update users set last_activity_at = (select max(a.created_at) from activities a where a.user_id = users.id)',
    );

    if (config.dialect === 'postgres') {
      for (const table of ['users', 'books', 'library_entries', 'reads', 'activities']) {
        await target.exec(
          `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`,
        );
      }
      await target.exec('vacuum analyze');
    } else {
      await target.exec('analyze');
    }
    await target.exec(
      `create table if not exists ${DATASET_MARKER_TABLE} (key text primary key, scale integer not null, generated_at text not null, seconds real not null)`,
    );
    const seconds = (performance.now() - started) / 1000;
    await target.exec(
      `insert into ${DATASET_MARKER_TABLE} (key, scale, generated_at, seconds) values ('${options.key.replace(/'/g, "''")}', ${options.scale}, '${iso(Date.now())}', ${seconds.toFixed(1)})`,
    );
    log(`Generated in ${elapsed(started)}.`);
    return { seconds };
  } finally {
    await target?.close();
    await database.close();
  }
}

function medianOf(values: Int32Array): number {
  const sorted = Int32Array.from(values).sort();
  return sorted[sorted.length >>> 1] ?? 0;
}

function elapsed(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: '1000000' }, key: { type: 'string' } },
    strict: true,
  });
  const scale = Number(values.scale.replace(/_/g, ''));
  if (!Number.isInteger(scale) || scale < 5000) {
    console.error('--scale must be a whole number of entries, at least 5000');
    process.exit(2);
  }
  const databaseUrl =
    process.env.DATABASE_URL ??
    `sqlite:${path.join(import.meta.dirname, '.data', `sqlite-${scale}-manual.db`)}`;
  try {
    await generate({ scale, databaseUrl, key: values.key ?? `manual-${scale}` });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
