import { type Kysely, sql } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

export interface TableCount {
  name: string;
  rows: number;
}

export interface ForeignKeyViolation {
  table: string;
  rowid: number | null;
  parent: string;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The SQL the operations commands need: catalog look-ups, counts and integrity checks. */
export class OpsRepository {
  // Catalog names are already snake_case; the CamelCase plugin must not touch them or the results.
  readonly #db: Kysely<Database>;
  readonly #dialect: AppDatabase['dialect'];

  constructor(database: AppDatabase) {
    this.#db = database.db.withoutPlugins();
    this.#dialect = database.dialect;
  }

  async listTables(): Promise<string[]> {
    const query =
      this.#dialect === 'sqlite'
        ? sql<{ name: string }>`select name from sqlite_master
            where type = 'table' and name not like 'sqlite_%' order by name`
        : sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`;
    const { rows } = await query.execute(this.#db);
    return rows.map((r) => r.name);
  }

  async tableExists(name: string): Promise<boolean> {
    return (await this.listTables()).includes(name);
  }

  async countRows(tables: string[]): Promise<TableCount[]> {
    const out: TableCount[] = [];
    for (const name of tables) {
      const { rows } = await sql<{
        n: number | string;
      }>`select count(*) as n from ${sql.raw(quoteIdent(name))}`.execute(this.#db);
      out.push({ name, rows: Number(rows[0]?.n ?? 0) });
    }
    return out;
  }

  /** `PRAGMA integrity_check`: ['ok'] when the file is sound. SQLite only. */
  async sqliteIntegrityCheck(): Promise<string[]> {
    const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(this.#db);
    return rows.map((r) => r.integrity_check);
  }

  /** `PRAGMA foreign_key_check`: rows whose parent is missing. SQLite only. */
  async sqliteForeignKeyCheck(): Promise<ForeignKeyViolation[]> {
    const { rows } = await sql<{
      table: string;
      rowid: number | null;
      parent: string;
    }>`pragma foreign_key_check`.execute(this.#db);
    return rows.map((r) => ({ table: r.table, rowid: r.rowid, parent: r.parent }));
  }

  async sqliteVersion(): Promise<string> {
    const { rows } = await sql<{ version: string }>`select sqlite_version() as version`.execute(this.#db);
    return rows[0]?.version ?? 'unknown';
  }

  async postgresVersion(): Promise<{ version: string; major: number }> {
    const { rows } = await sql<{
      version: string;
      num: string;
    }>`select current_setting('server_version') as version,
        current_setting('server_version_num') as num`.execute(this.#db);
    const row = rows[0];
    return { version: row?.version ?? 'unknown', major: Math.floor(Number(row?.num ?? 0) / 10000) };
  }

  async postgresCurrentSchema(): Promise<string | null> {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
      this.#db,
    );
    return rows[0]?.schema ?? null;
  }

  async postgresSchemaExists(schema: string): Promise<boolean> {
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from pg_namespace where nspname = ${schema}`.execute(this.#db);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** Extensions installed into a schema: a schema-only dump leaves them out, so restores recreate them. */
  async postgresExtensionsIn(schema: string): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`select e.extname as name from pg_extension e
        join pg_namespace n on n.oid = e.extnamespace where n.nspname = ${schema} order by e.extname`.execute(
      this.#db,
    );
    return rows.map((r) => r.name);
  }
}
