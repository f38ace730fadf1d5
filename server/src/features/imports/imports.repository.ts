import { CompiledQuery, type Kysely, type Selectable, sql } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import type { DbExecutor } from '../../db/executor.ts';
import type { Database } from '../../db/schema.ts';
import type { ImportJobsTable, ImportSource, ImportStatus } from '../../db/tables/import-jobs.table.ts';
import type { Visibility } from '../../db/tables/library-entries.table.ts';
import { bookSearchText, sortAuthor, sortTitle } from '../books/index.ts';
import { importedJournalRow, importedNoteRow, type RestoredAttachment } from '../journals/index.ts';
import type { ExtraItem } from './import-file.ts';
import type { ImportRecord } from './import-record.ts';

export type ImportJobRow = Selectable<ImportJobsTable>;

export interface BatchOutcome {
  imported: number;
  skipped: number;
  failed: number;
  errors: { row: number; message: string }[];
  /** Entries created, by their visibility, for the activity line. */
  created: Record<Visibility, number>;
}

const emptyOutcome = (): BatchOutcome => ({
  imported: 0,
  skipped: 0,
  failed: 0,
  errors: [],
  created: { public: 0, followers: 0, private: 0 },
});

/** Parameters per statement stay well under SQLite's and PostgreSQL's limits. */
const CHUNK = 200;
const MAX_PARAMETERS = 8000;

const ENTRY_COLUMNS = [
  'user_id',
  'book_id',
  'status',
  'format',
  'ownership',
  'rating',
  'review',
  'review_has_spoilers',
  'started_on',
  'finished_on',
  'progress_pages',
  'progress_percent',
  'visibility',
  'sort_title',
  'sort_author',
  'search_text',
  'created_at',
  'updated_at',
] as const;

const NOTE_COLUMNS = [
  'user_id',
  'book_id',
  'content',
  'quote',
  'page',
  'location',
  'sort_page',
  'visibility',
  'search_text',
  'created_at',
  'updated_at',
] as const;

/**
 * Finds or creates the book of each imported record in the caller's transaction, by the catalog's
 * ownership rule (the books feature's `resolveOwnedBooks`); one id per record, in order.
 */
export type BookResolver = (
  tx: DbExecutor,
  ownerId: number,
  books: ImportRecord['book'][],
) => Promise<number[]>;

/** The copies of a book's sort keys and search text a library entry keeps. */
interface BookCopies {
  sortTitle: string;
  sortAuthor: string;
  searchText: string;
}

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
  readonly #resolver: BookResolver;
  readonly #insertTexts: Map<string, string>;

  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    resolver: BookResolver,
    insertTexts = new Map<string, string>(),
  ) {
    this.#db = db;
    this.#dialect = dialect;
    this.#resolver = resolver;
    this.#insertTexts = insertTexts;
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

  /** Whether claimNext would find a job (without taking it): a queued one, or a stale running one. */
  async hasClaimable(staleBefore: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('importJobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([
            eb('status', '=', 'running'),
            eb.or([eb('heartbeatAt', 'is', null), eb('heartbeatAt', '<', staleBefore)]),
          ]),
        ]),
      )
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
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
  applyBatch(
    job: { id: number; userId: number; worker: string },
    records: ImportRecord[],
    failures: { row: number; message: string }[],
    nextCursor: number,
    now: string,
    maxErrors: number,
  ): Promise<BatchOutcome | null> {
    return this.#commit(
      job,
      (repo) => repo.#store(job.userId, records, now),
      failures,
      nextCursor,
      now,
      maxErrors,
    );
  }

  /**
   * Like applyBatch, for the journal entries, notes (with restored attachments) and goals of our
   * export; `counted` adds the rows restored outside the transaction (follows and blocks).
   */
  applyExtras(
    job: { id: number; userId: number; worker: string },
    items: ExtraItem[],
    restored: Map<number, RestoredAttachment[]>,
    failures: { row: number; message: string }[],
    nextCursor: number,
    now: string,
    maxErrors: number,
    counted: { imported: number; skipped: number } = { imported: 0, skipped: 0 },
  ): Promise<BatchOutcome | null> {
    return this.#commit(
      job,
      async (repo) => {
        const outcome = await repo.#storeExtras(job.userId, items, restored, now);
        // Rows stored before the transaction by another feature's face (follows and blocks).
        outcome.imported += counted.imported;
        outcome.skipped += counted.skipped;
        return outcome;
      },
      failures,
      nextCursor,
      now,
      maxErrors,
    );
  }

  /** Notes of the reader already there with one of these (creation time, content) pairs. */
  async knownNotes(userId: number, notes: { createdAt: string; content: string }[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const part of chunks([...new Set(notes.map((n) => n.createdAt))])) {
      const rows = await this.#db
        .selectFrom('notes')
        .select(['createdAt', 'content'])
        .where('userId', '=', userId)
        .where('createdAt', 'in', part)
        .execute();
      for (const r of rows) known.add(`${r.createdAt}\u0000${r.content}`);
    }
    return known;
  }

  async #storeExtras(
    userId: number,
    items: ExtraItem[],
    restored: Map<number, RestoredAttachment[]>,
    now: string,
  ): Promise<BatchOutcome> {
    const outcome = emptyOutcome();
    const withBooks = items.flatMap((item): { item: ExtraItem; book: ImportRecord['book'] }[] =>
      item.kind === 'note'
        ? [{ item, book: item.note.book }]
        : item.kind === 'journal' && item.journal.book
          ? [{ item, book: item.journal.book }]
          : [],
    );
    const { ids } = await this.#resolveBooks(
      userId,
      withBooks.map(({ book }) => ({ book: { ...book, title: book.title.trim() } })),
    );
    const bookOf = new Map(withBooks.map(({ item }, i) => [item.row, ids[i] as number]));

    const journals = items.flatMap((i) => (i.kind === 'journal' ? [i] : []));
    const knownJournals = new Set<string>();
    for (const part of chunks([...new Set(journals.map((j) => j.journal.createdAt))])) {
      const rows = await this.#db
        .selectFrom('journals')
        .select(['createdAt', 'content'])
        .where('userId', '=', userId)
        .where('createdAt', 'in', part)
        .execute();
      for (const r of rows) knownJournals.add(`${r.createdAt}\u0000${r.content}`);
    }
    const journalRows: unknown[][] = [];
    for (const { journal: j, row } of journals) {
      const key = `${j.createdAt}\u0000${j.content}`;
      // Already there (the same export imported again): nothing is added twice.
      if (knownJournals.has(key)) {
        outcome.skipped += 1;
        continue;
      }
      knownJournals.add(key);
      const r = importedJournalRow({
        userId,
        bookId: bookOf.get(row) ?? null,
        page: j.page,
        content: j.content,
        visibility: j.visibility,
        createdAt: j.createdAt,
        updatedAt: j.updatedAt,
      });
      journalRows.push([
        r.userId,
        r.bookId,
        r.page,
        r.content,
        r.visibility,
        r.searchText,
        r.createdAt,
        r.updatedAt,
      ]);
      outcome.imported += 1;
    }
    await this.#insert(
      'journals',
      ['user_id', 'book_id', 'page', 'content', 'visibility', 'search_text', 'created_at', 'updated_at'],
      journalRows,
    );

    const notes = items.flatMap((i) => (i.kind === 'note' ? [i] : []));
    const knownNotes = await this.knownNotes(
      userId,
      notes.map((n) => n.note),
    );
    for (const { note: n, row } of notes) {
      const key = `${n.createdAt}\u0000${n.content}`;
      const bookId = bookOf.get(row);
      if (knownNotes.has(key) || bookId === undefined) {
        outcome.skipped += 1;
        continue;
      }
      knownNotes.add(key);
      const inserted = await this.#db
        .insertInto('notes')
        .values(
          importedNoteRow({
            userId,
            bookId,
            content: n.content,
            quote: n.quote,
            page: n.page,
            location: n.location,
            visibility: n.visibility,
            createdAt: n.createdAt,
            updatedAt: n.updatedAt,
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      const files = restored.get(row) ?? [];
      if (files.length > 0) {
        await this.#db
          .insertInto('noteAttachments')
          .values(files.map((f) => ({ ...f, noteId: inserted.id })))
          .execute();
      }
      outcome.imported += 1;
    }

    for (const { goal } of items.flatMap((i) => (i.kind === 'goal' ? [i] : []))) {
      const result = await this.#db
        .insertInto('goals')
        .values({ userId, ...goal, createdAt: now, updatedAt: now })
        .onConflict((oc) => oc.columns(['userId', 'year']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) outcome.imported += 1;
      else outcome.skipped += 1;
    }
    return outcome;
  }

  /** Runs a batch's work and moves the job past it in one transaction. */
  #commit(
    job: { id: number; userId: number; worker: string },
    work: (repo: ImportsRepository) => Promise<BatchOutcome>,
    failures: { row: number; message: string }[],
    nextCursor: number,
    now: string,
    maxErrors: number,
  ): Promise<BatchOutcome | null> {
    return this.#db.transaction().execute(async (trx) => {
      // The batch and the cursor commit together, so a batch lost to a database crash takes its
      // cursor with it and is done again: the commit need not wait for the disk (README, "How
      // the job runs"; ~20 fsync waits of a 10k-row import). Finishing the job still waits.
      if (this.#dialect === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
      const repo = new ImportsRepository(trx, this.#dialect, this.#resolver, this.#insertTexts);
      const outcome = await work(repo);
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

  /**
   * A multi-row INSERT written by hand and prepared once per row count (the SQLite driver keeps
   * prepared statements): Kysely built, transformed and compiled a tree of every value of every
   * row, about a tenth of a 10k-row import's CPU (bench/data-features.ts).
   */
  async #insert<R = unknown>(
    table: string,
    columns: readonly string[],
    rows: readonly unknown[][],
    returning = '',
  ): Promise<R[]> {
    const out: R[] = [];
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    for (let i = 0; i < rows.length; i += perStatement) {
      const part = rows.slice(i, i + perStatement);
      const key = `${table}|${columns.length}|${part.length}|${returning}`;
      let text = this.#insertTexts.get(key);
      if (!text) {
        let n = 0;
        const slot = () => (this.#dialect === 'postgres' ? `$${++n}` : '?');
        const values = part.map(() => `(${columns.map(slot).join(', ')})`).join(', ');
        text = `insert into ${table} (${columns.join(', ')}) values ${values}${returning ? ` returning ${returning}` : ''}`;
        if (this.#insertTexts.size > 200) this.#insertTexts.clear();
        this.#insertTexts.set(key, text);
      }
      const result = await this.#db.executeQuery<R>(CompiledQuery.raw(text, part.flat()));
      out.push(...result.rows);
    }
    return out;
  }

  async #store(userId: number, records: ImportRecord[], now: string): Promise<BatchOutcome> {
    const outcome = emptyOutcome();
    if (records.length === 0) return outcome;
    const { ids: bookIds, copies } = await this.#resolveBooks(userId, records);

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

    const inserted = await this.#insert<{ id: number; bookId?: number; book_id?: number }>(
      'library_entries',
      ENTRY_COLUMNS,
      fresh.map(({ record: r, bookId }) => {
        const copy = copies.get(bookId);
        const addedAt = toIso(r.addedAt, now);
        const entryVisibility: Visibility = r.visibility ?? visibility?.privacy ?? 'public';
        outcome.created[entryVisibility] += 1;
        return [
          userId,
          bookId,
          r.status,
          r.format,
          r.ownership,
          r.rating,
          r.review,
          r.reviewHasSpoilers ? 1 : 0,
          r.startedOn,
          r.finishedOn,
          r.progressPages,
          r.progressPercent ?? (r.status === 'read' ? 100 : null),
          entryVisibility,
          copy?.sortTitle ?? sortTitle(r.book.title),
          copy?.sortAuthor ?? sortAuthor(r.book.authors),
          copy?.searchText || bookSearchText(r.book),
          addedAt,
          addedAt > now ? addedAt : now,
        ];
      }),
      'id, book_id',
    );
    const entryOf = new Map(inserted.map((row) => [Number(row.bookId ?? row.book_id), Number(row.id)]));
    const tags: unknown[][] = [];
    const reads: unknown[][] = [];
    const notes: unknown[][] = [];
    for (const { record, bookId } of fresh) {
      const entryId = entryOf.get(bookId);
      if (entryId === undefined) continue;
      record.tags.forEach((tag, position) => {
        tags.push([entryId, userId, tag, tag.toLowerCase(), position]);
      });
      for (const read of record.reads)
        reads.push([entryId, userId, read.startedOn, read.finishedOn, now, now]);
      // A private note comes with a new entry only, so a re-import adds none.
      if (record.privateNote) {
        const n = importedNoteRow({
          userId,
          bookId,
          content: record.privateNote,
          visibility: 'private',
          createdAt: toIso(record.addedAt, now),
          updatedAt: now,
        });
        notes.push([
          n.userId,
          n.bookId,
          n.content,
          n.quote,
          n.page,
          n.location,
          n.sortPage,
          n.visibility,
          n.searchText,
          n.createdAt,
          n.updatedAt,
        ]);
      }
    }
    await this.#insert('entry_tags', ['entry_id', 'user_id', 'tag', 'tag_key', 'position'], tags);
    await this.#insert(
      'reads',
      ['entry_id', 'user_id', 'started_on', 'finished_on', 'created_at', 'updated_at'],
      reads,
    );
    await this.#insert('notes', NOTE_COLUMNS, notes);
    outcome.imported += inserted.length;
    return outcome;
  }

  /**
   * The book of each record, by the catalog's ownership rule (books face, `resolveOwnedBooks`):
   * the shared catalog's or the reader's own by ISBN-13, else by title and first author, else a
   * new book of the reader's that nobody else is shown. Also the book's sort keys and search text,
   * which the library entry keeps copies of.
   */
  async #resolveBooks(
    userId: number,
    records: { book: ImportRecord['book'] }[],
  ): Promise<{ ids: number[]; copies: Map<number, BookCopies> }> {
    const ids = await this.#resolver(
      this.#db,
      userId,
      records.map((r) => r.book),
    );
    const copies = new Map<number, BookCopies>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.#db
        .selectFrom('books')
        .select(['id', 'sortTitle', 'sortAuthor', 'searchText'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) copies.set(r.id, r);
    }
    return { ids, copies };
  }
}

/** The job was taken over by another runner while this one worked on it. */
export class LostJobError extends Error {
  constructor() {
    super('The import job was taken over by another runner.');
  }
}
