import type { Compilable, CompiledQuery, DialectAdapter, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Where an argument goes in a query that is built once and run many times. */
class Slot {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

interface Entry {
  compiled: CompiledQuery;
  /** For each parameter of the compiled query: the argument index, or a value fixed at build time. */
  parameters: ({ arg: number } | { value: unknown })[];
}

const MAX_SHAPES = 500;

/**
 * Builds and compiles a hot query once per shape and then only swaps its parameters. Kysely
 * builds an immutable tree, runs the plugins over it and compiles it on every call, which cost
 * more than a quarter of the CPU of the library's first page; for the queries that run on most
 * requests (the session lookup, a page of the library) that work is done once.
 *
 * `build` gets `arg(i)`, a stand-in for the i-th argument to use wherever a value goes (also in
 * IN lists). `shape` must name everything else that changes the SQL: the same shape must always
 * build the same query. Results go through the instance's plugins as usual (camelCase rows).
 */
export class CompiledQueries {
  // Compiled SQL depends on the dialect and the plugins, so each Kysely instance family keeps its
  // own (a transaction shares its database's adapter).
  readonly #byAdapter = new WeakMap<DialectAdapter, Map<string, Entry>>();

  async run<Row>(
    db: Kysely<Database>,
    shape: string,
    args: readonly unknown[],
    build: (arg: (index: number) => never) => Compilable<Row>,
  ): Promise<Row[]> {
    const adapter = db.getExecutor().adapter;
    let shapes = this.#byAdapter.get(adapter);
    if (!shapes) {
      shapes = new Map();
      this.#byAdapter.set(adapter, shapes);
    }
    let entry = shapes.get(shape);
    if (!entry) {
      const compiled = build((index) => new Slot(index) as never).compile();
      entry = {
        compiled,
        parameters: compiled.parameters.map((p) => (p instanceof Slot ? { arg: p.index } : { value: p })),
      };
      if (shapes.size >= MAX_SHAPES) shapes.clear();
      shapes.set(shape, entry);
    }
    const parameters = entry.parameters.map((p) => ('arg' in p ? args[p.arg] : p.value));
    const result = await db.executeQuery<Row>({ ...entry.compiled, parameters } as CompiledQuery<Row>);
    return result.rows;
  }
}

/** One cache for the process: shapes are few and keyed per dialect adapter. */
export const compiledQueries = new CompiledQueries();
