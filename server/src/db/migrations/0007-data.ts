import { type Kysely, sql } from 'kysely';
import { type AppMigration, type Dialect, idColumnType } from './migration.ts';

/** Yearly goals, import jobs, and the index imports use to find a book by title and first author. */
export const migration0007Data: AppMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async up(db: Kysely<any>, dialect: Dialect) {
    await db.schema
      .createTable('goals')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('target', 'integer', (c) => c.notNull())
      .addColumn('pages_target', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('goals_pk', ['user_id', 'year'])
      .execute();

    await db.schema
      .createTable('import_jobs')
      .addColumn('id', idColumnType(dialect), (c) =>
        dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
      )
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('source', 'text', (c) => c.notNull())
      // queued | running | done | failed
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      // Where the uploaded file waits in storage until the job ends (then it is removed).
      .addColumn('file_key', 'text')
      .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
      // Rows before the cursor are committed; a resumed job starts there.
      .addColumn('cursor', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
      // JSON array of {row, message}, capped.
      .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('message', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      // Which process runs it and when it last committed a batch; a stale heartbeat frees the job.
      .addColumn('locked_by', 'text')
      .addColumn('heartbeat_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema
      .createIndex('import_jobs_user_idx')
      .on('import_jobs')
      .columns(['user_id', 'id'])
      .execute();
    // One unfinished import per reader, enforced by the database so two uploads cannot race.
    await sql`create unique index import_jobs_one_active_uq on import_jobs (user_id) where status in ('queued', 'running')`.execute(
      db,
    );
    await sql`create index import_jobs_active_idx on import_jobs (status, id) where status in ('queued', 'running')`.execute(
      db,
    );

    await db.schema
      .createIndex('books_title_author_idx')
      .on('books')
      .columns(['sort_title', 'sort_author'])
      .execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: frozen migration.
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('books_title_author_idx').execute();
    await db.schema.dropTable('import_jobs').execute();
    await db.schema.dropTable('goals').execute();
  },
};
