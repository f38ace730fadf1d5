import type { Insertable, Updateable } from 'kysely';
import type { JournalsTable } from '../../db/tables/journals.table.ts';
import type { Visibility } from '../../db/tables/library-entries.table.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { nowIso } from '../../lib/time.ts';
import type { ActivityWriter } from '../activities/index.ts';
import type { Audience, Owner } from './audience.ts';
import type { JournalRow, JournalsRepository } from './journals.repository.ts';
import type { CreateJournalInput, JournalChanges, JournalView, ListQueryInput } from './journals.schemas.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';
import { bookRefsById } from './presenters.ts';
import { searchTextOf } from './words.ts';

/** Finds readers by id (the users feature's repository). */
export interface OwnerLookup {
  findById(id: number): Promise<Owner | undefined>;
}

/** The activity writer's part a journal uses (`features/activities`). */
export type JournalActivities = Pick<ActivityWriter, 'record' | 'updateSubject' | 'removeSubject'>;

const EXCERPT = 280;

function excerptOf(content: string): string {
  const flat = content.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}

const LIST = 'journals';

function blankCheck(content: string | undefined) {
  if (content !== undefined && content.trim() === '') {
    throw new ValidationError('Write something first.', { content: 'must not be blank' });
  }
}

/** The row of a journal entry an import brings back, by the rules `create` follows. */
export function importedJournalRow(input: {
  userId: number;
  bookId: number | null;
  page: number | null;
  content: string;
  visibility: Visibility;
  createdAt: string;
  updatedAt: string;
}): Insertable<JournalsTable> {
  return { ...input, searchText: searchTextOf(input.content) };
}

export class JournalsService {
  readonly #repo: JournalsRepository;
  readonly #owners: OwnerLookup;
  readonly #audience: Audience;
  readonly #activities: JournalActivities | null;

  constructor(
    repo: JournalsRepository,
    owners: OwnerLookup,
    audience: Audience,
    activities: JournalActivities | null = null,
  ) {
    this.#repo = repo;
    this.#owners = owners;
    this.#audience = audience;
    this.#activities = activities;
  }

  async list(userId: number, query: ListQueryInput) {
    return this.#page(userId, query, undefined);
  }

  /** Another reader's journal (or one's own through the profile), as their privacy allows. */
  async listForReader(username: string, viewerId: number | null, query: ListQueryInput) {
    const owner = await this.#audience.ownerByName(username, viewerId);
    const levels = owner.levels;
    if (levels.length === 0) return { items: [], nextCursor: null };
    return this.#page(owner.id, query, levels.length === 3 ? undefined : levels);
  }

  async get(viewerId: number | null, id: number): Promise<JournalView> {
    const row = await this.#repo.find(id);
    if (!row || !(await this.#maySee(viewerId, row))) throw new NotFoundError('Journal entry');
    return (await this.#present([row]))[0] as JournalView;
  }

  async create(userId: number, input: CreateJournalInput): Promise<JournalView> {
    blankCheck(input.content);
    const bookId = input.bookId ?? null;
    await this.#checkBook(bookId);
    const now = nowIso();
    const row = await this.#repo.transaction(async (repo) => {
      const inserted = await repo.insert({
        userId,
        bookId,
        page: input.page ?? null,
        content: input.content,
        visibility: input.visibility ?? 'private',
        searchText: searchTextOf(input.content),
        createdAt: now,
        updatedAt: now,
      });
      await this.#announce(repo, null, inserted);
      return inserted;
    });
    return (await this.#present([row]))[0] as JournalView;
  }

  async update(userId: number, id: number, changes: JournalChanges): Promise<JournalView> {
    const current = await this.#repo.find(id);
    if (!current || current.userId !== userId) throw new NotFoundError('Journal entry');
    blankCheck(changes.content);
    if (changes.bookId !== undefined) await this.#checkBook(changes.bookId);
    const update: Updateable<JournalsTable> = { updatedAt: nowIso() };
    if (changes.content !== undefined) {
      update.content = changes.content;
      update.searchText = searchTextOf(changes.content);
    }
    if (changes.bookId !== undefined) update.bookId = changes.bookId;
    if (changes.page !== undefined) update.page = changes.page;
    if (changes.visibility !== undefined) update.visibility = changes.visibility;
    const row = await this.#repo.transaction(async (repo) => {
      const updated = await repo.update(userId, id, update);
      await this.#announce(repo, current, updated);
      return updated;
    });
    return (await this.#present([row]))[0] as JournalView;
  }

  async remove(userId: number, id: number): Promise<void> {
    await this.#repo.transaction(async (repo) => {
      if (!(await repo.delete(userId, id))) throw new NotFoundError('Journal entry');
      await this.#activities?.removeSubject(repo.executor, userId, { type: 'journal', id });
    });
  }

  /**
   * A public or followers-visible entry is an activity; one made private loses it. Edits keep
   * the activity in step (visibility, book, excerpt) without making a new one.
   */
  async #announce(repo: JournalsRepository, before: JournalRow | null, after: JournalRow) {
    if (!this.#activities) return;
    const subject = { type: 'journal' as const, id: after.id };
    const wasShared = before !== null && before.visibility !== 'private';
    const isShared = after.visibility !== 'private';
    if (isShared && !wasShared) {
      await this.#activities.record(repo.executor, {
        userId: after.userId,
        type: 'journal_entry',
        subject,
        bookId: after.bookId,
        visibility: after.visibility,
        data: { excerpt: excerptOf(after.content) },
      });
    } else if (isShared) {
      await this.#activities.updateSubject(repo.executor, after.userId, subject, {
        visibility: after.visibility,
        bookId: after.bookId,
        data: { excerpt: excerptOf(after.content) },
      });
    } else if (wasShared) {
      await this.#activities.removeSubject(repo.executor, after.userId, subject);
    }
  }

  async #maySee(viewerId: number | null, row: JournalRow): Promise<boolean> {
    if (viewerId === row.userId) return true;
    const owner = await this.#owners.findById(row.userId);
    if (!owner) return false;
    return (await this.#audience.visibleLevels(viewerId, owner)).includes(row.visibility);
  }

  async #checkBook(bookId: number | null) {
    if (bookId === null) return;
    if ((await this.#repo.findBooks([bookId])).length === 0) throw new NotFoundError('Book');
  }

  async #page(userId: number, query: ListQueryInput, visibilities: Visibility[] | undefined) {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodePageCursor(query.cursor, LIST, 'string') : null;
    const rows = await this.#repo.list({
      userId,
      bookId: query.bookId,
      visibilities,
      after,
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodePageCursor(LIST, { key: last.createdAt, id: last.id }) : null;
    return { items: await this.#present(page), nextCursor };
  }

  async #present(rows: JournalRow[]): Promise<JournalView[]> {
    const books = await bookRefsById(
      (ids) => this.#repo.findBooks(ids),
      rows.map((r) => r.bookId),
    );
    return rows.map((row) => ({
      id: row.id,
      userId: row.userId,
      content: row.content,
      bookId: row.bookId,
      book: row.bookId === null ? null : (books.get(row.bookId) ?? null),
      page: row.page,
      visibility: row.visibility,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }
}
