import type { Insertable, Updateable } from 'kysely';
import type { Visibility } from '../../db/tables/library-entries.table.ts';
import type { NoteAttachmentsTable } from '../../db/tables/note-attachments.table.ts';
import type { NotesTable } from '../../db/tables/notes.table.ts';
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from '../../errors.ts';
import { nowIso } from '../../lib/time.ts';
import { LocalStorage } from '../../storage/local-storage.ts';
import {
  type Detected,
  detectContent,
  reencodeImage,
  sha256Of,
  sha256OfFile,
  thumbnailOf,
} from './attachment-content.ts';
import type { Audience } from './audience.ts';
import type { JournalsRepository } from './journals.repository.ts';
import type {
  AttachmentView,
  CreateNoteInput,
  ListQueryInput,
  NoteChanges,
  NoteView,
} from './journals.schemas.ts';
import type { OwnerLookup } from './journals.service.ts';
import type { AttachmentRow, NoteRow, NotesRepository } from './notes.repository.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';
import { bookRefsById } from './presenters.ts';
import { searchTextOf } from './words.ts';

/** sort_page of a note without a page: after every real page. */
export const NO_PAGE = 1_000_000;
export const MAX_ATTACHMENTS = 20;
export const ATTACHMENTS_PREFIX = 'attachments';

const MB = 1024 * 1024;
const IMAGE_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};
const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

export interface AttachmentLimits {
  quotaBytes: number;
}

/** What a download route needs to answer with a stored file. */
export interface AttachmentFile {
  key: string;
  size: number;
  mimeType: string;
  fileName: string;
  sha256: string;
  /** Re-encoded images may be shown in place; everything else is a download. */
  inline: boolean;
}

export function attachmentUrl(noteId: number, id: number): string {
  return `/api/notes/${noteId}/attachments/${id}`;
}

function presentAttachment(row: AttachmentRow): AttachmentView {
  const url = attachmentUrl(row.noteId, row.id);
  return {
    id: row.id,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    url,
    thumbnailUrl: row.thumbnailKey ? `${url}/thumbnail` : null,
    createdAt: row.createdAt,
  };
}

/** A file name safe to show and to put in Content-Disposition: no folders, no control characters. */
export function cleanFileName(name: string, fallbackExt: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters.
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : `attachment.${fallbackExt}`;
}

function checkWords(content: string, quote: string | null) {
  if (content.trim() === '' && (quote ?? '').trim() === '') {
    throw new ValidationError('Write a note or a quote.', { content: 'write a note or a quote' });
  }
}

/**
 * The row of a note an import brings (a Goodreads private note, a restored export), by the rules
 * `create` follows; the importer checks the book and writes the row in its own batch.
 */
export function importedNoteRow(input: {
  userId: number;
  bookId: number;
  content: string;
  quote?: string | null;
  page?: number | null;
  location?: string | null;
  visibility?: Visibility;
  createdAt: string;
  updatedAt?: string;
}): Insertable<NotesTable> {
  const page = input.page ?? null;
  const location = input.location?.trim() || null;
  const quote = input.quote ?? null;
  return {
    userId: input.userId,
    bookId: input.bookId,
    content: input.content,
    quote,
    page,
    location,
    sortPage: page ?? NO_PAGE,
    visibility: input.visibility ?? 'private',
    searchText: searchTextOf(input.content, quote, location),
    createdAt: input.createdAt,
    updatedAt: input.updatedAt ?? input.createdAt,
  };
}

/** A restored attachment, stored: its row but for the note it belongs to. */
export type RestoredAttachment = Omit<Insertable<NoteAttachmentsTable>, 'noteId'>;

export class NotesService {
  readonly #repo: NotesRepository;
  readonly #books: Pick<JournalsRepository, 'findBooks'>;
  readonly #owners: OwnerLookup;
  readonly #audience: Audience;
  readonly #storage: LocalStorage;
  readonly #limits: AttachmentLimits;

  constructor(
    repo: NotesRepository,
    books: Pick<JournalsRepository, 'findBooks'>,
    owners: OwnerLookup,
    audience: Audience,
    storage: LocalStorage,
    limits: AttachmentLimits,
  ) {
    this.#repo = repo;
    this.#books = books;
    this.#owners = owners;
    this.#audience = audience;
    this.#storage = storage;
    this.#limits = limits;
  }

  /** The caller's notes: a book's in page order, or all of them newest first. */
  async list(userId: number, query: ListQueryInput) {
    const limit = query.limit ?? 20;
    let rows: NoteRow[];
    let cursorOf: (row: NoteRow) => string;
    if (query.bookId !== undefined) {
      const list = `notes:${query.bookId}`;
      const after = query.cursor ? decodePageCursor(query.cursor, list, 'integer') : null;
      rows = await this.#repo.listForBook({ userId, bookId: query.bookId, after, take: limit + 1 });
      cursorOf = (row) => encodePageCursor(list, { key: row.sortPage, id: row.id });
    } else {
      const after = query.cursor ? decodePageCursor(query.cursor, 'notes', 'string') : null;
      rows = await this.#repo.listRecent({ userId, after, take: limit + 1 });
      cursorOf = (row) => encodePageCursor('notes', { key: row.createdAt, id: row.id });
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: await this.#present(page),
      nextCursor: rows.length > limit && last ? cursorOf(last) : null,
    };
  }

  async get(viewerId: number | null, id: number): Promise<NoteView> {
    const row = await this.#visible(viewerId, id);
    return (await this.#present([row]))[0] as NoteView;
  }

  async create(userId: number, input: CreateNoteInput): Promise<NoteView> {
    const content = input.content ?? '';
    const quote = input.quote ?? null;
    checkWords(content, quote);
    if (!(await this.#repo.bookExists(input.bookId))) throw new NotFoundError('Book');
    const page = input.page ?? null;
    const location = input.location?.trim() || null;
    const now = nowIso();
    const row = await this.#repo.insert({
      userId,
      bookId: input.bookId,
      content,
      quote,
      page,
      location,
      sortPage: page ?? NO_PAGE,
      visibility: input.visibility ?? 'private',
      searchText: searchTextOf(content, quote, location),
      createdAt: now,
      updatedAt: now,
    });
    return (await this.#present([row]))[0] as NoteView;
  }

  async update(userId: number, id: number, changes: NoteChanges): Promise<NoteView> {
    const current = await this.#own(userId, id);
    const content = changes.content ?? current.content;
    const quote = changes.quote !== undefined ? changes.quote : current.quote;
    const page = changes.page !== undefined ? changes.page : current.page;
    const location = changes.location !== undefined ? changes.location?.trim() || null : current.location;
    checkWords(content, quote);
    const update: Updateable<NotesTable> = {
      content,
      quote,
      page,
      location,
      sortPage: page ?? NO_PAGE,
      searchText: searchTextOf(content, quote, location),
      updatedAt: nowIso(),
    };
    if (changes.visibility !== undefined) update.visibility = changes.visibility;
    const row = await this.#repo.update(userId, id, update);
    return (await this.#present([row]))[0] as NoteView;
  }

  /** Deletes the note, its attachment rows and then their files. */
  async remove(userId: number, id: number): Promise<void> {
    await this.#own(userId, id);
    const keys = await this.#repo.fileKeys({ userId, noteId: id });
    await this.#repo.delete(userId, id);
    await this.#removeFiles(keys);
  }

  /** Deletes every note of the reader on one book (the library's "remove with notes"). */
  async removeForBook(userId: number, bookId: number): Promise<number> {
    const keys = await this.#repo.fileKeys({ userId, bookId });
    const removed = await this.#repo.deleteForBook(userId, bookId);
    await this.#removeFiles(keys);
    return removed;
  }

  /** Storage keys of every attachment of a reader (removed after their account goes). */
  fileKeysOfUser(userId: number): Promise<string[]> {
    return this.#repo.fileKeys({ userId });
  }

  async usage(userId: number) {
    const usedBytes = await this.#repo.usedBytes(userId);
    const quotaBytes = this.#limits.quotaBytes;
    return { usedBytes, quotaBytes, remainingBytes: Math.max(0, quotaBytes - usedBytes) };
  }

  /**
   * Checks, before any byte is read, that the caller may attach another file to the note:
   * theirs, fewer than 20 files, room left in the quota.
   */
  async checkCanAttach(userId: number, noteId: number): Promise<void> {
    await this.#own(userId, noteId);
    if ((await this.#repo.countAttachments(noteId)) >= MAX_ATTACHMENTS) {
      throw new ConflictError(
        `A note holds at most ${MAX_ATTACHMENTS} attachments; remove one first.`,
        'too_many_attachments',
        { file: `at most ${MAX_ATTACHMENTS} per note` },
      );
    }
    const { remainingBytes, quotaBytes } = await this.usage(userId);
    if (remainingBytes <= 0) {
      throw new PayloadTooLargeError(
        `Your storage is full: all ${megabytes(quotaBytes)} are used and 0 MB is left. Remove attachments to make room.`,
      );
    }
  }

  /** Checks a received file by content, re-encodes images, stores it and records it. */
  async addAttachment(
    userId: number,
    noteId: number,
    file: { tempPath: string; size: number; fileName: string },
  ): Promise<AttachmentView> {
    const written: string[] = [];
    try {
      await this.checkCanAttach(userId, noteId);
      const detected: Detected = await detectContent(file.tempPath);
      let stored: {
        mime: string;
        ext: string;
        size: number;
        sha256: string;
        width: number | null;
        height: number | null;
        thumbnail: Buffer | null;
        data: Buffer | null;
      };
      if (detected.kind === 'image') {
        const image = await reencodeImage(file.tempPath, detected.mime);
        stored = {
          mime: image.mime,
          ext: image.ext,
          size: image.data.length,
          sha256: sha256Of(image.data),
          width: image.width,
          height: image.height,
          thumbnail: image.thumbnail,
          data: image.data,
        };
      } else {
        stored = {
          mime: detected.kind === 'pdf' ? 'application/pdf' : 'text/plain; charset=utf-8',
          ext: detected.kind === 'pdf' ? 'pdf' : 'txt',
          size: file.size,
          sha256: await sha256OfFile(file.tempPath),
          width: null,
          height: null,
          thumbnail: null,
          data: null,
        };
      }
      const needed = stored.size + (stored.thumbnail?.length ?? 0);
      const { remainingBytes, quotaBytes } = await this.usage(userId);
      if (needed > remainingBytes) {
        throw new PayloadTooLargeError(
          `This file needs ${megabytes(needed)} but only ${megabytes(remainingBytes)} of your ${megabytes(quotaBytes)} is left.`,
        );
      }
      const key = `${ATTACHMENTS_PREFIX}/${LocalStorage.randomName(stored.ext)}`;
      if (stored.data) await this.#storage.write(key, stored.data);
      else await this.#storage.moveFrom(file.tempPath, key);
      written.push(key);
      let thumbnailKey: string | null = null;
      if (stored.thumbnail) {
        thumbnailKey = `${ATTACHMENTS_PREFIX}/${LocalStorage.randomName('webp')}`;
        await this.#storage.write(thumbnailKey, stored.thumbnail);
        written.push(thumbnailKey);
      }
      const row = await this.#repo.insertAttachment({
        noteId,
        userId,
        fileName: cleanFileName(file.fileName, stored.ext),
        mimeType: stored.mime,
        size: stored.size,
        sha256: stored.sha256,
        storageKey: key,
        thumbnailKey,
        thumbnailSize: stored.thumbnail?.length ?? null,
        width: stored.width,
        height: stored.height,
        createdAt: nowIso(),
      });
      written.length = 0;
      return presentAttachment(row);
    } finally {
      // Files written before a failure are removed; a crash here leaves orphans for the sweep.
      await this.#removeFiles(written);
      await this.#storage.removeTemp(file.tempPath);
    }
  }

  /**
   * Stores a file an archive import brings back, byte for byte (it was checked and re-encoded
   * when first uploaded): its content must be a type a note accepts and match `sha256` when given;
   * images get a new thumbnail. Quota counts `pendingBytes` restored but not yet recorded. The
   * importer writes the row in its own transaction; a crash before that leaves the files to the
   * orphan sweep. Takes over `tempPath`.
   */
  async restoreAttachment(
    userId: number,
    file: { tempPath: string; size: number; fileName: string; sha256?: string | undefined },
    pendingBytes = 0,
  ): Promise<RestoredAttachment> {
    const written: string[] = [];
    try {
      const detected = await detectContent(file.tempPath);
      const sha256 = await sha256OfFile(file.tempPath);
      if (file.sha256 && file.sha256 !== sha256) {
        throw new ValidationError('The file is not the one the export describes (SHA-256 differs).', {
          file: 'checksum differs',
        });
      }
      const mime =
        detected.kind === 'image'
          ? detected.mime
          : detected.kind === 'pdf'
            ? 'application/pdf'
            : 'text/plain; charset=utf-8';
      const ext =
        detected.kind === 'image'
          ? (IMAGE_EXTENSIONS[detected.mime] ?? 'bin')
          : detected.kind === 'pdf'
            ? 'pdf'
            : 'txt';
      const image = detected.kind === 'image' ? await thumbnailOf(file.tempPath, detected.mime) : null;
      const needed = file.size + (image?.thumbnail.length ?? 0);
      const { remainingBytes } = await this.usage(userId);
      if (needed + pendingBytes > remainingBytes) {
        throw new PayloadTooLargeError(`This file needs ${megabytes(needed)}; the storage quota is used up.`);
      }
      const key = `${ATTACHMENTS_PREFIX}/${LocalStorage.randomName(ext)}`;
      await this.#storage.moveFrom(file.tempPath, key);
      written.push(key);
      let thumbnailKey: string | null = null;
      if (image) {
        thumbnailKey = `${ATTACHMENTS_PREFIX}/${LocalStorage.randomName('webp')}`;
        await this.#storage.write(thumbnailKey, image.thumbnail);
        written.push(thumbnailKey);
      }
      written.length = 0;
      return {
        userId,
        fileName: cleanFileName(file.fileName, ext),
        mimeType: mime,
        size: file.size,
        sha256,
        storageKey: key,
        thumbnailKey,
        thumbnailSize: image?.thumbnail.length ?? null,
        width: image?.width ?? null,
        height: image?.height ?? null,
        createdAt: nowIso(),
      };
    } finally {
      await this.#removeFiles(written);
      await this.#storage.removeTemp(file.tempPath);
    }
  }

  async listAttachments(viewerId: number | null, noteId: number): Promise<AttachmentView[]> {
    await this.#visible(viewerId, noteId);
    return (await this.#repo.attachmentsFor([noteId])).map(presentAttachment);
  }

  /** The stored file of an attachment (or its thumbnail), to whoever may see the note. */
  async openAttachment(
    viewerId: number | null,
    noteId: number,
    attachmentId: number,
    variant: 'file' | 'thumbnail',
  ): Promise<AttachmentFile> {
    await this.#visible(viewerId, noteId);
    const row = await this.#repo.findAttachment(noteId, attachmentId);
    if (!row) throw new NotFoundError('Attachment');
    if (variant === 'thumbnail') {
      if (!row.thumbnailKey || row.thumbnailSize === null) throw new NotFoundError('Thumbnail');
      return {
        key: row.thumbnailKey,
        size: row.thumbnailSize,
        mimeType: 'image/webp',
        fileName: `${row.fileName.replace(/\.[^.]*$/, '')}-thumbnail.webp`,
        sha256: `${row.sha256}-t`,
        inline: true,
      };
    }
    return {
      key: row.storageKey,
      size: row.size,
      mimeType: row.mimeType,
      fileName: row.fileName,
      sha256: row.sha256,
      inline: row.thumbnailKey !== null,
    };
  }

  async removeAttachment(userId: number, noteId: number, attachmentId: number): Promise<void> {
    await this.#own(userId, noteId);
    const row = await this.#repo.findAttachment(noteId, attachmentId);
    if (!row) throw new NotFoundError('Attachment');
    await this.#repo.deleteAttachment(noteId, attachmentId);
    await this.#removeFiles([row.storageKey, row.thumbnailKey ?? '']);
  }

  async #removeFiles(keys: string[]) {
    for (const key of keys) if (key) await this.#storage.remove(key);
  }

  async #own(userId: number, id: number): Promise<NoteRow> {
    const row = await this.#repo.find(id);
    if (!row || row.userId !== userId) throw new NotFoundError('Note');
    return row;
  }

  async #visible(viewerId: number | null, id: number): Promise<NoteRow> {
    const row = await this.#repo.find(id);
    if (!row) throw new NotFoundError('Note');
    if (viewerId === row.userId) return row;
    const owner = await this.#owners.findById(row.userId);
    const levels: Visibility[] = owner ? await this.#audience.visibleLevels(viewerId, owner) : [];
    if (!levels.includes(row.visibility)) throw new NotFoundError('Note');
    return row;
  }

  async #present(rows: NoteRow[]): Promise<NoteView[]> {
    const [books, attachments] = await Promise.all([
      bookRefsById(
        (ids) => this.#books.findBooks(ids),
        rows.map((r) => r.bookId),
      ),
      this.#repo.attachmentsFor(rows.map((r) => r.id)),
    ]);
    const byNote = new Map<number, AttachmentView[]>();
    for (const a of attachments) {
      const list = byNote.get(a.noteId) ?? [];
      list.push(presentAttachment(a));
      byNote.set(a.noteId, list);
    }
    return rows.map((row) => ({
      id: row.id,
      userId: row.userId,
      bookId: row.bookId,
      book: books.get(row.bookId) ?? { id: row.bookId, title: '', authors: [], coverUrl: null },
      content: row.content,
      quote: row.quote,
      page: row.page,
      location: row.location,
      visibility: row.visibility,
      attachments: byNote.get(row.id) ?? [],
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }
}
