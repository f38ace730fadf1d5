import { type Kysely, type Selectable, sql } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import type { DbExecutor } from '../../db/executor.ts';
import type { Database } from '../../db/schema.ts';
import type { ImportJobsTable, ImportSource, ImportStatus } from '../../db/tables/import-jobs.table.ts';
import { bookSearchText, sortAuthor, sortTitle } from '../books/index.ts';
import type { ImportRecord } from './import-record.ts';

export type ImportJobRow = Selectable<ImportJobsTable>;

export interface BatchOutcome {
  imported: number;
  skipped: number;
  failed: number;
  errors: { row: number; message: string }[];
  /** Entries created, for the activity line. */
  created: number;
}

/** Parameters per statement stay well under SQLite's and PostgreSQL's limits. */
const CHUNK = 200;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Midnight UTC of a calendar date, or the time as given. */
function toIso(value: string | null, fallback: string): string {
  if (!value) return fallback;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
}

export class ImportsRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: Dialect;

  constructor(db: Kysely<Database>, dialect: Dialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  insertJob(row: {
    userId: number;
    source: ImportSource;
    fileName: string;
    fileKey: string;
    total: number;
    now: string;
  }): Promise<ImportJobRow> {
    return this.#db
      .insertInto('importJobs')
      .values({
        userId: row.userId,
        source: row.source,
        status: 'queued',
        fileName: row.fileName,
        fileKey: row.fileKey,
        total: row.total,
        cursor: 0,
        imported: 0,
        skipped: 0,
        failed: 0,
        errors: '[]',
        message: null,
        attempts: 0,
        lockedBy: null,
        heartbeatAt: null,
        finishedAt: null,
        createdAt: row.now,
        updatedAt: row.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findJob(userId: number, id: number): Promise<ImportJobRow | undefined> {
    return this.#db
      .selectFrom('importJobs')
      .selectAll()
      .where('id', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst();
  }

  findActive(userId: number): Promise<ImportJobRow | undefined> {
    return this.#db
      .selectFrom('importJobs')
      .selectAll()
      .where('userId', '=', userId)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
  }

  listJobs(userId: number, beforeId: number | null, take: number): Promise<ImportJobRow[]> {
    let q = this.#db.selectFrom('importJobs').selectAll().where('userId', '=', userId);
    if (beforeId !== null) q = q.where('id', '<', beforeId);
    return q.orderBy('id', 'desc').limit(take).execute();
  }

  /**
   * Takes the oldest queued job, or a running one whose runner stopped committing (a crashed
   * process), for `worker`. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several processes claim at
   * once without two taking the same job; SQLite runs one writer at a time anyway.
   */
  async claimNext(worker: string, now: string, staleBefore: string): Promise<ImportJobRow | undefined> {
    const lock = this.#dialect === 'postgres' ? sql`for update skip locked` : sql``;
    const { rows } = await sql<ImportJobRow>`update import_jobs
      set status = 'running', locked_by = ${worker}, heartbeat_at = ${now}, updated_at = ${now},
          attempts = attempts + 1
      where id = (
        select id from import_jobs
        where status = 'queued' or (status = 'running' and (heartbeat_at is null or heartbeat_at < ${staleBefore}))
        order by id
        limit 1
        ${lock}
      )
      returning *`.execute(this.#db);
    return rows[0];
  }

  /** Ends a job this worker holds; false when another worker took it over. */
  async finishJob(
    id: number,
    worker: string,
    status: Extract<ImportStatus, 'done' | 'failed'>,
    message: string | null,
    now: string,
    alongside: ((tx: DbExecutor) => Promise<void>) | null = null,
  ): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('importJobs')
        .set({ status, message, lockedBy: null, fileKey: null, finishedAt: now, updatedAt: now })
        .where('id', '=', id)
        .where('lockedBy', '=', worker)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      if (alongside) await alongside(trx);
      return true;
    });
  }

  /**
   * Stores one batch of rows and moves the job's cursor past it in the same transaction, so a
   * crash leaves either the whole batch (and the cursor after it) or none of it.
   */
  async applyBatch(
    job: { id: number; userId: number; worker: string },
    records: ImportRecord[],
    failures: { row: number; message: string }[],
    nextCursor: number,
    now: string,
    maxErrors: number,
  ): Promise<BatchOutcome | null> {
    return this.#db.transaction().execute(async (trx) => {
      const repo = new ImportsRepository(trx, this.#dialect);
      const outcome = await repo.#store(job.userId, records, now);
      outcome.failed += failures.length;
      outcome.errors.push(...failures);
      const current = await trx
        .selectFrom('importJobs')
        .select(['errors', 'lockedBy'])
        .where('id', '=', job.id)
        .executeTakeFirst();
      // Someone else runs this job now (ours was taken as stale): throw so nothing is kept.
      if (!current || current.lockedBy !== job.worker) throw new LostJobError();
      const errors = (JSON.parse(current.errors) as { row: number; message: string }[])
        .concat(outcome.errors)
        .slice(0, maxErrors);
      await trx
        .updateTable('importJobs')
        .set((eb) => ({
          cursor: nextCursor,
          imported: eb('imported', '+', outcome.imported),
          skipped: eb('skipped', '+', outcome.skipped),
          failed: eb('failed', '+', outcome.failed),
          errors: JSON.stringify(errors),
          heartbeatAt: now,
          updatedAt: now,
        }))
        .where('id', '=', job.id)
        .execute();
      return outcome;
    });
  }

  async #store(userId: number, records: ImportRecord[], now: string): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { imported: 0, skipped: 0, failed: 0, errors: [], created: 0 };
    if (records.length === 0) return outcome;
    const bookIds = await this.#resolveBooks(userId, records, now);

    const wanted = [...new Set(bookIds)];
    const existing = new Set<number>();
    for (const part of chunks(wanted)) {
      const rows = await this.#db
        .selectFrom('libraryEntries')
        .select('bookId')
        .where('userId', '=', userId)
        .where('bookId', 'in', part)
        .execute();
      for (const r of rows) existing.add(r.bookId);
    }

    const fresh: { record: ImportRecord; bookId: number }[] = [];
    records.forEach((record, i) => {
      const bookId = bookIds[i] as number;
      // Already shelved (a re-import, or the same book twice in the file): nothing changes.
      if (existing.has(bookId)) {
        outcome.skipped += 1;
        return;
      }
      existing.add(bookId);
      fresh.push({ record, bookId });
    });
    if (fresh.length === 0) return outcome;

    const visibility = await this.#db
      .selectFrom('users')
      .select('privacy')
      .where('id', '=', userId)
      .executeTakeFirst();
    const books = new Map<
      number,
      {
        title: string;
        authors: string[];
        isbn13: string | null;
        isbn10: string | null;
        subtitle: string | null;
      }
    >();
    for (const part of chunks(wanted)) {
      const rows = await this.#db
        .selectFrom('books')
        .select(['id', 'title', 'subtitle', 'authors', 'isbn13', 'isbn10'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) books.set(r.id, { ...r, authors: JSON.parse(r.authors) as string[] });
    }

    for (const part of chunks(fresh)) {
      const inserted = await this.#db
        .insertInto('libraryEntries')
        .values(
          part.map(({ record: r, bookId }) => {
            const book = books.get(bookId) ?? { ...r.book };
            const addedAt = toIso(r.addedAt, now);
            return {
              userId,
              bookId,
              status: r.status,
              format: r.format,
              ownership: r.ownership,
              rating: r.rating,
              review: r.review,
              reviewHasSpoilers: r.reviewHasSpoilers ? 1 : 0,
              startedOn: r.startedOn,
              finishedOn: r.finishedOn,
              progressPages: r.progressPages,
              progressPercent: r.progressPercent ?? (r.status === 'read' ? 100 : null),
              visibility: r.visibility ?? visibility?.privacy ?? 'public',
              sortTitle: sortTitle(book.title),
              sortAuthor: sortAuthor(book.authors),
              searchText: bookSearchText(book),
              createdAt: addedAt,
              updatedAt: addedAt > now ? addedAt : now,
            };
          }),
        )
        .returning(['id', 'bookId'])
        .execute();
      const entryOf = new Map(inserted.map((row) => [row.bookId, row.id]));
      const tags: { entryId: number; userId: number; tag: string; tagKey: string; position: number }[] = [];
      const reads: {
        entryId: number;
        userId: number;
        startedOn: string | null;
        finishedOn: string | null;
        createdAt: string;
        updatedAt: string;
      }[] = [];
      for (const { record, bookId } of part) {
        const entryId = entryOf.get(bookId);
        if (entryId === undefined) continue;
        record.tags.forEach((tag, position) => {
          tags.push({ entryId, userId, tag, tagKey: tag.toLowerCase(), position });
        });
        for (const read of record.reads)
          reads.push({ entryId, userId, ...read, createdAt: now, updatedAt: now });
      }
      for (const c of chunks(tags)) await this.#db.insertInto('entryTags').values(c).execute();
      for (const c of chunks(reads)) await this.#db.insertInto('reads').values(c).execute();
      outcome.imported += inserted.length;
      outcome.created += inserted.length;
    }
    return outcome;
  }

  /**
   * The catalog book of each record: by ISBN-13, then by folded title and first author among
   * books nobody owns or this reader added; else a new book from what the file says (no network).
   */
  async #resolveBooks(userId: number, records: ImportRecord[], now: string): Promise<number[]> {
    const ids: (number | undefined)[] = new Array(records.length);
    const keyOf = (r: ImportRecord) => `${sortTitle(r.book.title)}\u0000${sortAuthor(r.book.authors)}`;

    const isbns = [...new Set(records.flatMap((r) => (r.book.isbn13 ? [r.book.isbn13] : [])))];
    const byIsbn = new Map<string, number>();
    for (const part of chunks(isbns)) {
      const rows = await this.#db
        .selectFrom('books')
        .select(['id', 'isbn13'])
        .where('isbn13', 'in', part)
        .execute();
      for (const r of rows) if (r.isbn13) byIsbn.set(r.isbn13, r.id);
    }
    // Only books without an ISBN are matched by title and first author.
    const titles = [...new Set(records.filter((r) => !r.book.isbn13).map((r) => sortTitle(r.book.title)))];
    const byKey = new Map<string, number>();
    for (const part of chunks(titles)) {
      const rows = await this.#db
        .selectFrom('books')
        .select(['id', 'sortTitle', 'sortAuthor'])
        .where('sortTitle', 'in', part)
        .where((eb) => eb.or([eb('createdBy', 'is', null), eb('createdBy', '=', userId)]))
        .orderBy('id')
        .execute();
      for (const r of rows) {
        const key = `${r.sortTitle}\u0000${r.sortAuthor}`;
        if (!byKey.has(key)) byKey.set(key, r.id);
      }
    }

    const toCreate = new Map<string, { record: ImportRecord; indexes: number[] }>();
    records.forEach((r, i) => {
      const found =
        (r.book.isbn13 ? byIsbn.get(r.book.isbn13) : undefined) ??
        (r.book.isbn13 ? undefined : byKey.get(keyOf(r)));
      if (found !== undefined) {
        ids[i] = found;
        return;
      }
      // The same new book twice in one batch is created once.
      const key = r.book.isbn13 ? `isbn:${r.book.isbn13}` : keyOf(r);
      const pending = toCreate.get(key);
      if (pending) pending.indexes.push(i);
      else toCreate.set(key, { record: r, indexes: [i] });
    });

    for (const part of chunks([...toCreate.values()])) {
      const inserted = await this.#db
        .insertInto('books')
        .values(
          part.map(({ record: { book } }) => ({
            title: book.title,
            subtitle: book.subtitle,
            authors: JSON.stringify(book.authors),
            sortTitle: sortTitle(book.title),
            sortAuthor: sortAuthor(book.authors),
            isbn10: book.isbn10,
            isbn13: book.isbn13,
            pageCount: book.pageCount,
            publishedDate: book.publishedDate,
            publisher: book.publisher,
            description: null,
            language: book.language,
            categories: '[]',
            coverUrl: null,
            source: 'import' as const,
            sourceId: null,
            searchText: bookSearchText(book),
            createdBy: userId,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .returning(['id', 'isbn13', 'sortTitle', 'sortAuthor'])
        .execute();
      const created = new Map(
        inserted.map((row) => [
          row.isbn13 ? `isbn:${row.isbn13}` : `${row.sortTitle}\u0000${row.sortAuthor}`,
          row.id,
        ]),
      );
      for (const pending of part) {
        const r = pending.record;
        const id = created.get(r.book.isbn13 ? `isbn:${r.book.isbn13}` : keyOf(r));
        for (const i of pending.indexes) ids[i] = id;
      }
    }
    return ids.map((id) => {
      if (id === undefined) throw new Error('An imported row has no book.');
      return id;
    });
  }
}

/** The job was taken over by another runner while this one worked on it. */
export class LostJobError extends Error {
  constructor() {
    super('The import job was taken over by another runner.');
  }
}
