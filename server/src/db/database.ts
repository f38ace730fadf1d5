import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { type DirectPath, registerDirectPath } from './compiled-queries.ts';
import type { Dialect } from './migrations/migration.ts';
import type { Database } from './schema.ts';
import { withStablePlans } from './stable-plans.ts';

export type { Dialect };

export interface AppDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The raw SQLite handle (backups use its online backup API); null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  /** The PostgreSQL schema queries run in (tests isolate by schema); null on SQLite. */
  pgSchema: string | null;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// COUNT(*) and other int8 values fit comfortably in a JS number here; parse them as numbers
// so both dialects return the same types.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const handle = new SQLite(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma('busy_timeout = 5000');
  handle.pragma('foreign_keys = ON');
  handle.pragma('synchronous = NORMAL');
  // Statement journals (the undo of one multi-row INSERT inside a batch's transaction) and temporary
  // b-trees in memory, not in temporary files: a 10k-row import spilled ~19,000 pages (75 MB) to
  // a statement journal file, which made it take twice as long (docs/performance.md).
  handle.pragma('temp_store = MEMORY');
  return handle;
}

/** The text a statement is prepared with on `dialect`: exactly what runs (the plan tests explain it). */
export function preparedText(dialect: Dialect, text: string): string {
  return dialect === 'sqlite' ? withStablePlans(text) : text;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every statement anew on each query; preparing cost more than running the
 * library's first-page queries. The app's SQL comes from a small set of query shapes, so the
 * prepared statements are kept (least recently used out). Kysely runs one query at a time on
 * this single connection, so a cached statement is never used twice at once. Statements are
 * prepared with their comparison parameters written as `+?` (stable-plans.ts), or SQLite would
 * plan them again on every run.
 */
function withStatementCache(handle: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(compiled: string) {
      // Kysely opens every transaction with a deferred `begin`. The app's transactions all write,
      // and a deferred one that reads first fails at once with SQLITE_BUSY ("database is locked",
      // the busy timeout is not waited out) when another connection — the import thread's, or
      // another process's — commits between its first read and its first write. `begin immediate`
      // takes the write lock at the start instead, waiting up to busy_timeout for it.
      const text = compiled === 'begin' ? 'begin immediate' : compiled;
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = handle.prepare(preparedText('sqlite', text));
        if (cache.size >= STATEMENT_CACHE_SIZE) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(text, statement);
      return statement;
    },
    close() {
      cache.clear();
      handle.close();
    },
  };
}

/** Kysely's camelCase plugin, with the name it gives a result column (for the direct paths). */
class ColumnNames extends CamelCasePlugin {
  columnName(name: string): string {
    return this.camelCase(name);
  }

  /** A row's json values and arrays of objects, their keys camelCased as the plugin does. */
  nestedRow(row: Record<string, unknown>): Record<string, unknown> {
    return this.mapRow(row) as Record<string, unknown>;
  }
}

type RowBuilder = ((values: unknown[]) => Record<string, unknown>) & { readonly columns: number };

/**
 * A statement's row maker: an object literal with its column names, `(v) => ({ "id": v[0], … })`.
 * Every row then gets the same shape from V8's literal boilerplate; naming rows in a loop
 * (`row[key] = value`) was a megamorphic keyed store per column, ~2% of a feed page's CPU
 * (docs/performance.md). The names are the statement's own columns, quoted by JSON.stringify;
 * a repeated name keeps its last column, as assignment would.
 */
export function rowBuilder(names: readonly string[]): RowBuilder {
  // In a literal, `"__proto__": v` would set the prototype instead of a field.
  if (names.includes('__proto__')) throw new Error('A result column may not be named __proto__');
  const fields = names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  const build = new Function('v', `return { ${fields} };`) as (values: unknown[]) => Record<string, unknown>;
  return Object.assign(build, { columns: names.length });
}

/**
 * The compiled queries' direct path on SQLite (compiled-queries.ts, DirectPath): the cached
 * statement run at once, its rows read as arrays and named by the statement's row maker with the same
 * camelCase names the plugin gives (the only plugin: the rows are what Kysely would answer).
 */
function sqliteDirectPath(
  handle: SQLite.Database,
  statements: SqliteDatabase,
  camelCase: ColumnNames,
): DirectPath {
  const builders = new WeakMap<SQLite.Statement, RowBuilder>();
  return {
    get inTransaction() {
      return handle.inTransaction;
    },
    run(text, parameters) {
      const statement = statements.prepare(text) as unknown as SQLite.Statement<unknown[], unknown[]>;
      if (!statement.reader) {
        const { changes } = statement.run(parameters);
        return { rows: [], numAffectedRows: BigInt(changes) };
      }
      let build = builders.get(statement);
      if (!build) {
        build = rowBuilder(statement.columns().map((column) => camelCase.columnName(column.name)));
        builders.set(statement, build);
      }
      statement.raw(true);
      let values: unknown[][];
      try {
        values = statement.all(parameters);
      } finally {
        statement.raw(false);
      }
      const rows = new Array<Record<string, unknown>>(values.length);
      for (let r = 0; r < values.length; r += 1) rows[r] = build(values[r] as unknown[]);
      return { rows };
    },
  };
}

/** A prepared statement's name: the same for the same text on every connection and instance. */
function statementName(text: string): string {
  return `bt_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
}

/** How many statements were prepared again after a migration changed their results. */
let replanned = 0;

/** PostgreSQL's refusal of a prepared statement whose result columns changed (SQLSTATE 0A000). */
function isStalePreparedStatement(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err as { code?: unknown }).code === '0A000' &&
    err.message.includes('cached plan must not change result type')
  );
}

/** PostgreSQL types whose values pg parses to objects or arrays: json, jsonb and arrays of them. */
const NESTED_TYPES = new Set([114, 3802, 199, 3807]);
/** The commands whose row count Kysely reports as `numAffectedRows`. */
const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * The compiled queries' direct path on PostgreSQL (compiled-queries.ts, DirectPath): one query on
 * the pool with the values as arrays, named by the statement's row maker with the camelCase names
 * the plugin gives, and `numAffectedRows` for a write, as Kysely's driver answers. A statement
 * that returns json or arrays also goes through the plugin's nested mapping, as in Kysely.
 */
function postgresDirectPath(pool: pg.Pool, camelCase: ColumnNames, prepared: boolean): DirectPath {
  const builders = new Map<string, RowBuilder>();
  const names = new Map<string, string>();
  return {
    inTransaction: false,
    async run(text, parameters) {
      let name: string | undefined;
      if (prepared) {
        name = names.get(text);
        if (name === undefined) {
          name = statementName(text);
          if (names.size >= STATEMENT_CACHE_SIZE) names.clear();
          names.set(text, name);
        }
      }
      const query = { name, text, values: [...parameters], rowMode: 'array' as const };
      let result: pg.QueryResult<unknown[]>;
      try {
        result = await pool.query<unknown[]>(query);
      } catch (err) {
        // A migration that changes what a statement returns (`select *` after a column is added)
        // makes the connections that prepared it refuse it: prepare it again under a new name.
        if (name === undefined || !isStalePreparedStatement(err)) throw err;
        replanned += 1;
        name = `${statementName(text)}_${replanned}`;
        names.set(text, name);
        result = await pool.query<unknown[]>({ ...query, name });
      }
      let build = builders.get(text);
      // A migration run while the server runs can change what `select *` returns.
      if (!build || build.columns !== result.fields.length) {
        const plain = rowBuilder(result.fields.map((field) => camelCase.columnName(field.name)));
        const nested = result.fields.some((field) => NESTED_TYPES.has(field.dataTypeID));
        build = nested
          ? Object.assign((values: unknown[]) => camelCase.nestedRow(plain(values)), {
              columns: plain.columns,
            })
          : plain;
        if (builders.size >= STATEMENT_CACHE_SIZE) builders.clear();
        builders.set(text, build);
      }
      const rows = new Array<Record<string, unknown>>(result.rows.length);
      for (let r = 0; r < result.rows.length; r += 1) rows[r] = build(result.rows[r] as unknown[]);
      return WRITE_COMMANDS.has(result.command)
        ? { rows, numAffectedRows: BigInt(result.rowCount ?? 0) }
        : { rows };
    },
  };
}

/** Splits a `?schema=name` parameter off a postgres URL (used to isolate test runs). */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string | null } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`Invalid schema name "${schema}" in DATABASE_URL.`);
  }
  return { connectionString: u.toString(), schema };
}

export function createDatabase(config: DatabaseConfig): AppDatabase {
  if (config.dialect === 'sqlite') {
    const handle = openSqlite(config.path);
    const statements = withStatementCache(handle);
    const camelCase = new ColumnNames();
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: statements }),
      plugins: [camelCase],
    });
    registerDirectPath(db, sqliteDirectPath(handle, statements, camelCase));
    return {
      db,
      dialect: 'sqlite',
      sqlite: handle,
      pgSchema: null,
      async ping() {
        handle.prepare('select 1').get();
      },
      async close() {
        await db.destroy();
        // Kysely only closes the handle it has used; make sure the file is released either way.
        if (handle.open) handle.close();
      },
    };
  }

  const { connectionString, schema } = parsePostgresUrl(config.url);
  const pool = new pg.Pool({
    connectionString,
    max: config.poolSize,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that errors (e.g. the server restarts) must not crash the process.
  pool.on('error', () => {});
  const camelCase = new ColumnNames();
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [camelCase],
  });
  registerDirectPath(db, postgresDirectPath(pool, camelCase, config.preparedStatements));
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    pgSchema: schema,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
