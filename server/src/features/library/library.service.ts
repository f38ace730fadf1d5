import { isUniqueViolation } from '../../db/errors.ts';
import { accessRank, visibilitiesUpTo } from '../../db/privacy.ts';
import type {
  LibraryEntriesTable,
  ReadingStatus,
  Visibility,
} from '../../db/tables/library-entries.table.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { nowIso, todayDate } from '../../lib/time.ts';
import type { ActivityWriter } from '../activities/index.ts';
import {
  type BookRow,
  type BooksService,
  bookSearchText,
  sortAuthor,
  sortTitle,
  toBook,
  tokenize,
} from '../books/index.ts';
import type { SocialService } from '../social/index.ts';
import type { UsersRepository } from '../users/index.ts';
import { decodeCursor, encodeCursor, type KeysetPosition } from './cursor.ts';
import {
  applyEntryRules,
  checkReadDates,
  type EntryState,
  type NormalizedTag,
  normalizeTags,
} from './entry-rules.ts';
import { type EntryRow, type LibraryRepository, type ReadRow, SORT_COLUMNS } from './library.repository.ts';
import {
  type BookWithEntryView,
  type CreateEntryInput,
  type EntryChanges,
  type EntrySummaryView,
  type EntryView,
  type LibraryQueryInput,
  type LibrarySort,
  type ReadChanges,
  STATUSES,
  UpdateEntryBody,
  VISIBILITIES,
} from './library.schemas.ts';

/** The catalog's part: stored books by id, and finding or fetching-and-storing a book. */
export type Catalog = Pick<BooksService, 'getVisibleRow' | 'canEdit' | 'findRows' | 'resolveBook'>;

/** The activity a shelf change shows in followers' feeds. */
const STATUS_ACTIVITY = {
  want_to_read: 'shelved',
  currently_reading: 'started',
  read: 'finished',
  did_not_finish: 'did_not_finish',
} as const satisfies Record<ReadingStatus, string>;

/** The notes feature's part: a reader's notes on a book go when they ask for it. */
export interface BookNotes {
  removeForBook(userId: number, bookId: number): Promise<number>;
}

const DEFAULT_ORDER: Record<LibrarySort, 'asc' | 'desc'> = {
  updated: 'desc',
  added: 'desc',
  title: 'asc',
  author: 'asc',
  rating: 'desc',
  finished: 'desc',
};

/** The entry fields a new entry may carry: those an edit takes (one list, the schema's). */
const ENTRY_FIELDS = Object.keys(UpdateEntryBody.properties) as (keyof EntryChanges)[];

/** The copies of a book's keys an entry keeps so lists neither join nor scan books. */
function bookCopies(book: BookRow): Pick<LibraryEntriesTable, 'sortTitle' | 'sortAuthor' | 'searchText'> {
  const { authors } = toBook(book);
  return {
    sortTitle: book.sortTitle || sortTitle(book.title),
    sortAuthor: book.sortAuthor || sortAuthor(authors),
    searchText: bookSearchText({ ...book, authors }),
  };
}

function toState(row: EntryRow): EntryState {
  return {
    status: row.status,
    format: row.format,
    ownership: row.ownership,
    rating: row.rating,
    review: row.review,
    reviewHasSpoilers: row.reviewHasSpoilers === 1,
    startedOn: row.startedOn,
    finishedOn: row.finishedOn,
    progressPages: row.progressPages,
    progressPercent: row.progressPercent,
    visibility: row.visibility,
  };
}

function stateColumns(state: EntryState) {
  return { ...state, reviewHasSpoilers: state.reviewHasSpoilers ? 1 : 0 };
}

function toRead(row: ReadRow) {
  return { id: row.id, startedOn: row.startedOn, finishedOn: row.finishedOn };
}

function toSummary(row: EntryRow, tags: string[], reads: ReadRow[]): EntrySummaryView {
  return {
    id: row.id,
    bookId: row.bookId,
    ...toState(row),
    rating: row.rating === null ? null : row.rating / 2,
    tags,
    reads: reads.map(toRead),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export class LibraryService {
  readonly #repo: LibraryRepository;
  readonly #users: UsersRepository;
  readonly #books: Catalog;
  readonly #social: Pick<SocialService, 'viewOwner'>;
  readonly #activities: ActivityWriter;
  readonly #notes: BookNotes | null;

  constructor(
    repo: LibraryRepository,
    users: UsersRepository,
    social: Pick<SocialService, 'viewOwner'>,
    activities: ActivityWriter,
    books: Catalog,
    notes: BookNotes | null = null,
  ) {
    this.#repo = repo;
    this.#users = users;
    this.#social = social;
    this.#activities = activities;
    this.#books = books;
    this.#notes = notes;
  }

  async list(userId: number, query: LibraryQueryInput) {
    return this.#page(userId, query, undefined);
  }

  /** Another reader's library (or one's own through the profile), as their privacy allows. */
  async listForReader(username: string, viewerId: number | null, query: LibraryQueryInput) {
    const owner = await this.#social.viewOwner(username, viewerId);
    const visibilities = visibilitiesUpTo(accessRank(owner.relation, owner.privacy));
    return this.#page(
      owner.id,
      query,
      visibilities.length === VISIBILITIES.length ? undefined : visibilities,
    );
  }

  async #page(userId: number, query: LibraryQueryInput, visibilities: Visibility[] | undefined) {
    const sort = query.sort ?? 'updated';
    const order = query.order ?? DEFAULT_ORDER[sort];
    const limit = query.limit ?? 20;
    const { column, keyType } = SORT_COLUMNS[sort];
    const after = query.cursor ? decodeCursor(query.cursor, { sort, order, keyType }) : null;
    if (visibilities !== undefined && visibilities.length === 0) return { items: [], nextCursor: null };
    const words = query.q ? tokenize(query.q) : [];
    const tagKey = query.tag?.trim().replace(/\s+/g, ' ').toLowerCase();
    const rows = await this.#repo.listEntries({
      userId,
      status: query.status,
      format: query.format,
      ownership: query.ownership,
      tagKey: tagKey || undefined,
      words,
      visibilities,
      sort,
      order,
      after,
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    let nextCursor: string | null = null;
    if (rows.length > limit && last) {
      const key = last[column];
      const position: KeysetPosition =
        key === null ? { phase: 'nulls', key: null, id: last.id } : { phase: 'values', key, id: last.id };
      nextCursor = encodeCursor({ sort, order }, position);
    }
    return { items: await this.#withBooks(page), nextCursor };
  }

  async counts(userId: number): Promise<Record<ReadingStatus | 'total', number>> {
    const counts = { want_to_read: 0, currently_reading: 0, read: 0, did_not_finish: 0, total: 0 };
    for (const { status, count } of await this.#repo.countByStatus(userId)) {
      if (STATUSES.includes(status)) counts[status] = count;
      counts.total += count;
    }
    return counts;
  }

  async tags(userId: number) {
    return { items: await this.#repo.tagCounts(userId) };
  }

  async get(userId: number, id: number): Promise<EntryView> {
    const row = await this.#repo.findEntry(userId, id);
    if (!row) throw new NotFoundError('Library entry');
    return this.#withBook(row);
  }

  /** `GET /api/books/:id`: a catalog book with the caller's entry (null when none or anonymous). */
  async bookWithEntry(bookId: number, userId: number | null): Promise<BookWithEntryView> {
    const stored = await this.#books.getVisibleRow(bookId, userId);
    const row = userId === null ? undefined : await this.#repo.findEntryByBook(userId, bookId);
    const [libraryEntry] = row ? await this.#summaries([row]) : [];
    return {
      ...toBook(stored),
      libraryEntry: libraryEntry ?? null,
      canEdit: this.#books.canEdit(stored, userId),
    };
  }

  async create(userId: number, input: CreateEntryInput): Promise<EntryView> {
    const book = await this.#resolveBook(userId, input);
    const existing = await this.#repo.findEntryByBook(userId, book.id);
    if (existing) throw this.#alreadyThere(existing.id);
    const changes = pickEntryFields(input);
    const tags = changes.tags ? normalizeTags(changes.tags) : [];
    const state = applyEntryRules(null, changes, {
      pageCount: book.pageCount,
      today: todayDate(),
      defaultVisibility: await this.#defaultVisibility(userId, changes.visibility),
    });
    const now = nowIso();
    let row: EntryRow;
    try {
      row = await this.#repo.transaction(async (repo, tx) => {
        const inserted = await repo.insertEntry({
          userId,
          bookId: book.id,
          ...stateColumns(state),
          ...bookCopies(book),
          createdAt: now,
          updatedAt: now,
        });
        await repo.replaceTags(userId, inserted.id, tags);
        await this.#activities.record(tx, {
          userId,
          type: STATUS_ACTIVITY[state.status],
          subject: { type: 'entry', id: inserted.id },
          bookId: book.id,
          visibility: state.visibility,
          at: now,
        });
        return inserted;
      });
    } catch (err) {
      // Two adds of the same book raced past the check above; the unique index decides.
      if (isUniqueViolation(err)) {
        const winner = await this.#repo.findEntryByBook(userId, book.id);
        throw this.#alreadyThere(winner?.id ?? null);
      }
      throw err;
    }
    return this.#withBook(row);
  }

  async update(userId: number, id: number, changes: EntryChanges): Promise<EntryView> {
    const current = await this.#repo.findEntry(userId, id);
    if (!current) throw new NotFoundError('Library entry');
    if (Object.keys(changes).length === 0) return this.#withBook(current);
    const [book] = await this.#books.findRows([current.bookId]);
    const tags: NormalizedTag[] | null = changes.tags ? normalizeTags(changes.tags) : null;
    const state = applyEntryRules(toState(current), changes, {
      pageCount: book?.pageCount ?? null,
      today: todayDate(),
      defaultVisibility: current.visibility,
    });
    const now = nowIso();
    const row = await this.#repo.transaction(async (repo, tx) => {
      const updated = await repo.updateEntry(userId, id, { ...stateColumns(state), updatedAt: now });
      if (tags) await repo.replaceTags(userId, id, tags);
      const subject = { type: 'entry' as const, id };
      if (state.visibility !== current.visibility) {
        await this.#activities.updateSubject(tx, userId, subject, { visibility: state.visibility });
      }
      const reviewed = state.review !== current.review && (state.review ?? '').trim() !== '';
      if (state.status !== current.status || reviewed) {
        await this.#activities.record(tx, {
          userId,
          type: state.status !== current.status ? STATUS_ACTIVITY[state.status] : 'reviewed',
          subject,
          bookId: current.bookId,
          visibility: state.visibility,
          at: now,
        });
      }
      return updated;
    });
    return this.#withBook(row);
  }

  /** Removes an entry; the reader's notes on the book stay unless `deleteNotes` asks for them to go too. */
  async remove(userId: number, id: number, options: { deleteNotes?: boolean } = {}): Promise<void> {
    const entry = await this.#repo.findEntry(userId, id);
    if (!entry || !(await this.#repo.deleteEntry(userId, id))) throw new NotFoundError('Library entry');
    if (options.deleteNotes && this.#notes) await this.#notes.removeForBook(userId, entry.bookId);
  }

  async addRead(userId: number, entryId: number, input: { startedOn: string; finishedOn?: string | null }) {
    const entry = await this.#repo.findEntry(userId, entryId);
    if (!entry) throw new NotFoundError('Library entry');
    const finishedOn = input.finishedOn ?? null;
    checkReadDates(input.startedOn, finishedOn);
    const now = nowIso();
    const read = await this.#repo.transaction(async (repo) => {
      const inserted = await repo.insertRead({
        entryId,
        userId,
        startedOn: input.startedOn,
        finishedOn,
        createdAt: now,
        updatedAt: now,
      });
      await repo.touchEntry(userId, entryId, now);
      return inserted;
    });
    return toRead(read);
  }

  async updateRead(userId: number, entryId: number, readId: number, changes: ReadChanges) {
    const read = await this.#findRead(userId, entryId, readId);
    const startedOn = changes.startedOn !== undefined ? changes.startedOn : read.startedOn;
    const finishedOn = changes.finishedOn !== undefined ? changes.finishedOn : read.finishedOn;
    checkReadDates(startedOn, finishedOn);
    if (Object.keys(changes).length === 0) return toRead(read);
    const now = nowIso();
    const updated = await this.#repo.transaction(async (repo) => {
      const row = await repo.updateRead(entryId, readId, { startedOn, finishedOn, updatedAt: now });
      await repo.touchEntry(userId, entryId, now);
      return row;
    });
    return toRead(updated);
  }

  async removeRead(userId: number, entryId: number, readId: number): Promise<void> {
    await this.#findRead(userId, entryId, readId);
    await this.#repo.transaction(async (repo) => {
      await repo.deleteRead(entryId, readId);
      await repo.touchEntry(userId, entryId, nowIso());
    });
  }

  async #findRead(userId: number, entryId: number, readId: number): Promise<ReadRow> {
    const entry = await this.#repo.findEntry(userId, entryId);
    if (!entry) throw new NotFoundError('Library entry');
    const read = await this.#repo.findRead(entryId, readId);
    if (!read) throw new NotFoundError('Read');
    return read;
  }

  async #resolveBook(userId: number, input: CreateEntryInput): Promise<BookRow> {
    const refs = [
      input.bookId !== undefined,
      input.isbn !== undefined,
      input.source !== undefined || input.sourceId !== undefined,
    ];
    if (refs.filter(Boolean).length !== 1) {
      throw new ValidationError('Name the book with exactly one of bookId, isbn, or source with sourceId.', {
        bookId: 'give exactly one of bookId, isbn, or source with sourceId',
      });
    }
    if (input.bookId !== undefined) return this.#books.getVisibleRow(input.bookId, userId);
    if (input.isbn !== undefined) return this.#books.resolveBook({ isbn: input.isbn }, userId);
    if (input.source === undefined || input.sourceId === undefined) {
      throw new ValidationError('A source needs a sourceId and the other way round.', {
        [input.source === undefined ? 'source' : 'sourceId']: 'is required with the other',
      });
    }
    return this.#books.resolveBook({ source: input.source, sourceId: input.sourceId }, userId);
  }

  async #defaultVisibility(userId: number, given: Visibility | undefined): Promise<Visibility> {
    if (given) return given;
    const user = await this.#users.findById(userId);
    return user?.privacy ?? 'public';
  }

  #alreadyThere(entryId: number | null): ConflictError {
    return new ConflictError('This book is already in your library.', 'already_in_library', { entryId });
  }

  async #summaries(rows: EntryRow[]): Promise<EntrySummaryView[]> {
    const ids = rows.map((r) => r.id);
    const [tagRows, readRows] = await Promise.all([this.#repo.tagsFor(ids), this.#repo.readsFor(ids)]);
    const tags = new Map<number, string[]>();
    for (const t of tagRows.sort((a, b) => a.position - b.position)) {
      const list = tags.get(t.entryId);
      if (list) list.push(t.tag);
      else tags.set(t.entryId, [t.tag]);
    }
    const reads = new Map<number, ReadRow[]>();
    for (const r of readRows) {
      const list = reads.get(r.entryId);
      if (list) list.push(r);
      else reads.set(r.entryId, [r]);
    }
    for (const list of reads.values()) {
      // Oldest first; undated (imported) reads before dated ones.
      list.sort((a, b) => {
        const [x, y] = [a.startedOn ?? '', b.startedOn ?? ''];
        return x < y ? -1 : x > y ? 1 : a.id - b.id;
      });
    }
    return rows.map((row) => toSummary(row, tags.get(row.id) ?? [], reads.get(row.id) ?? []));
  }

  async #withBooks(rows: EntryRow[]): Promise<EntryView[]> {
    const [summaries, books] = await Promise.all([
      this.#summaries(rows),
      this.#books.findRows([...new Set(rows.map((r) => r.bookId))]),
    ]);
    const byId = new Map(books.map((b) => [b.id, toBook(b)]));
    return summaries.map((summary) => {
      const book = byId.get(summary.bookId);
      // The foreign key cascades, so an entry always has its book.
      if (!book) throw new Error(`Book ${summary.bookId} of entry ${summary.id} is missing.`);
      return { ...summary, book };
    });
  }

  async #withBook(row: EntryRow): Promise<EntryView> {
    const [entry] = await this.#withBooks([row]);
    if (!entry) throw new Error('unreachable');
    return entry;
  }
}

function pickEntryFields(input: CreateEntryInput): EntryChanges {
  const out: Record<string, unknown> = {};
  for (const key of ENTRY_FIELDS) if (input[key] !== undefined) out[key] = input[key];
  return out as EntryChanges;
}
