import type { Compilable, CompiledQuery, DialectAdapter, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.ts';

/** Where a value goes in a query that is built once and run many times. */
class Slot {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

/**
 * What the builder sees of a call's values: the same keys and array lengths, but each value is
 * a placeholder (typed `never`, so it fits wherever Kysely takes a value). The builder can ask
 * whether an optional value is there and how long a list is, never what a value is.
 */
export type Bound<Values> = {
  [K in keyof Values]: undefined extends Values[K]
    ? (Exclude<Values[K], undefined> extends readonly unknown[] ? never[] : never) | undefined
    : Values[K] extends readonly unknown[]
      ? never[]
      : never;
};

type Value = string | number | boolean | null | readonly (string | number | boolean | null)[] | undefined;

interface Entry {
  compiled: CompiledQuery;
  /** For each parameter of the compiled query: the value index, or a value fixed at build time. */
  parameters: ({ slot: number } | { value: unknown })[];
}

const MAX_SHAPES = 500;

/**
 * The direct path for the hot queries (database.ts registers one per database). Kysely runs each
 * query through about a dozen promises (the connection mutex, acquiring and releasing the
 * connection, every plugin's result transform) and maps each row with `Object.keys().reduce`,
 * a megamorphic store per column; none of that is needed to run one statement outside a
 * transaction. A request's allocations also evict the database's pages from the CPU's cache
 * between its statements on SQLite (docs/performance.md), so what is not allocated is saved twice.
 *
 * - SQLite: the cached statement, run at once; only when no transaction is open on the one
 *   connection (`inTransaction`), or the query would read another request's uncommitted rows.
 * - PostgreSQL: one query on the pool, as Kysely would send it. A transaction is its own
 *   connection (and its own Kysely instance, which has no direct path), so `inTransaction` is
 *   always false.
 */
export interface DirectPath {
  /** True while a transaction is open on the connection: then queries wait their turn in Kysely. */
  readonly inTransaction: boolean;
  run(sql: string, parameters: readonly unknown[]): QueryResult<unknown> | Promise<QueryResult<unknown>>;
}

const directPaths = new WeakMap<object, DirectPath>();

/** Lets `db` (not its transactions) run PreparedQuery statements directly; see DirectPath. */
export function registerDirectPath(db: Kysely<Database>, path: DirectPath): void {
  directPaths.set(db, path);
}

/**
 * A hot query, built and compiled once per shape and then run with fresh values. Kysely builds an
 * immutable tree, runs the plugins over it and compiles it on every call, which cost more than a
 * quarter of the CPU of the library's first page (docs/performance.md); for the queries that run
 * on most requests (the session lookup, a page of the library) that work is done once.
 *
 * The fence: `build` is defined once, at module level, so it cannot read a call's variables.
 * It sees only `shape` (the few choices that change the SQL text, such as a sort column; they
 * are part of the cache key) and `values` as placeholders. The cache key is the shape plus which
 * values are present and how long each list is, so a filter added to `values` changes the key
 * by itself; nobody keeps a key string in step with the builder by hand.
 */
export class PreparedQuery<Shape, Values extends Record<string, Value>, Row> {
  readonly #build: (db: Kysely<Database>, shape: Shape, values: Bound<Values>) => Compilable<Row>;
  // Compiled SQL depends on the dialect and the plugins, so each Kysely instance family keeps its
  // own (a transaction shares its database's adapter).
  readonly #byAdapter = new WeakMap<DialectAdapter, Map<string, Entry>>();

  constructor(build: (db: Kysely<Database>, shape: Shape, values: Bound<Values>) => Compilable<Row>) {
    this.#build = build;
  }

  /** The cache key of a call: its shape, and the presence and length of each value. */
  static keyOf(shape: unknown, values: Record<string, Value>): string {
    let key = shape === undefined ? '' : JSON.stringify(shape);
    for (const name in values) {
      const value = values[name];
      key +=
        value === undefined ? `|${name}-` : Array.isArray(value) ? `|${name}[${value.length}]` : `|${name}`;
    }
    return key;
  }

  /** The SQL and parameters a call runs (before the driver's own rewriting, see stable-plans.ts). */
  compile(db: Kysely<Database>, shape: Shape, values: Values): CompiledQuery<Row> {
    const adapter = db.getExecutor().adapter;
    let shapes = this.#byAdapter.get(adapter);
    if (!shapes) {
      shapes = new Map();
      this.#byAdapter.set(adapter, shapes);
    }
    const key = PreparedQuery.keyOf(shape, values);
    let entry = shapes.get(key);
    if (!entry) {
      entry = this.#prepare(db, shape, values);
      if (shapes.size >= MAX_SHAPES) shapes.clear();
      shapes.set(key, entry);
    }
    const flat = flatten(values);
    const parameters = entry.parameters.map((p) => ('slot' in p ? flat[p.slot] : p.value));
    return { ...entry.compiled, parameters } as CompiledQuery<Row>;
  }

  async run(db: Kysely<Database>, shape: Shape, values: Values): Promise<Row[]> {
    return (await this.execute(db, shape, values)).rows;
  }

  /** Runs the query: its rows, and for a write the number of rows it changed. */
  async execute(db: Kysely<Database>, shape: Shape, values: Values): Promise<QueryResult<Row>> {
    const compiled = this.compile(db, shape, values);
    // Outside a transaction the statement runs directly (on SQLite at once, synchronously, so
    // nothing else can run on the connection in between); inside one (this request's or, on
    // SQLite, another's), through Kysely.
    const direct = directPaths.get(db);
    if (direct && !direct.inTransaction) {
      return direct.run(compiled.sql, compiled.parameters) as QueryResult<Row> | Promise<QueryResult<Row>>;
    }
    return db.executeQuery<Row>(compiled);
  }

  #prepare(db: Kysely<Database>, shape: Shape, values: Values): Entry {
    let next = 0;
    const bound: Record<string, unknown> = {};
    for (const name in values) {
      const value = values[name];
      if (value === undefined) bound[name] = undefined;
      else if (Array.isArray(value)) bound[name] = value.map(() => new Slot(next++));
      else bound[name] = new Slot(next++);
    }
    const compiled = this.#build(db, shape, bound as Bound<Values>).compile();
    return {
      compiled,
      parameters: compiled.parameters.map((p) => (p instanceof Slot ? { slot: p.index } : { value: p })),
    };
  }
}

/** The values in the order `#prepare` numbered their slots. */
function flatten(values: Record<string, Value>): unknown[] {
  const flat: unknown[] = [];
  for (const name in values) {
    const value = values[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) flat.push(...value);
    else flat.push(value);
  }
  return flat;
}
