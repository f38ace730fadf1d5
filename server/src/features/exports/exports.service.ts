import { PassThrough, type Readable } from 'node:stream';
import yazl from 'yazl';
import { NotFoundError } from '../../errors.ts';
import type { LocalStorage } from '../../storage/local-storage.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument } from './export.schemas.ts';
import type { ExportsRepository } from './exports.repository.ts';
import { goodreadsCsv } from './goodreads-csv.ts';

/** What an export needs from goals. */
export interface GoalsSource {
  listRaw(userId: number): Promise<{ year: number; target: number; pagesTarget: number | null }[]>;
}

export const ARCHIVE_JSON_NAME = 'book-tracker.json';

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

type BookFields = {
  title: string;
  subtitle: string | null;
  authors: string;
  isbn13: string | null;
  isbn10: string | null;
  pageCount: number | null;
  publishedDate: string | null;
  publisher: string | null;
  language: string | null;
};

const exportBook = (b: BookFields): ExportDocument['entries'][number]['book'] => ({
  title: b.title,
  subtitle: b.subtitle,
  authors: parseList(b.authors),
  isbn13: b.isbn13,
  isbn10: b.isbn10,
  pageCount: b.pageCount,
  publishedDate: b.publishedDate,
  publisher: b.publisher,
  language: b.language,
});

/** A file name safe inside a ZIP on every system: no folders, no control or reserved characters. */
function zipName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters.
  const clean = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').trim();
  return clean.slice(-120) || 'file';
}

/** One attachment file of an archive: where it is stored and where it goes in the ZIP. */
interface ArchiveFile {
  storageKey: string;
  path: string;
}

export class ExportsService {
  readonly #repo: ExportsRepository;
  readonly #goals: GoalsSource;
  readonly #storage: LocalStorage;

  constructor(repo: ExportsRepository, goals: GoalsSource, storage: LocalStorage) {
    this.#repo = repo;
    this.#goals = goals;
    this.#storage = storage;
  }

  /** Everything the reader owns as the versioned export document (docs/export-v2.schema.json). */
  async document(
    userId: number,
  ): Promise<{ document: ExportDocument; bookIds: number[]; files: ArchiveFile[] }> {
    const [profile, rows, tags, reads, goals, journals, notes, attachments, follows, blocks] =
      await Promise.all([
        this.#repo.profile(userId),
        this.#repo.entries(userId),
        this.#repo.tags(userId),
        this.#repo.reads(userId),
        this.#goals.listRaw(userId),
        this.#repo.journals(userId),
        this.#repo.notes(userId),
        this.#repo.attachments(userId),
        this.#repo.follows(userId),
        this.#repo.blocks(userId),
      ]);
    if (!profile) throw new NotFoundError('User');
    const tagsOf = new Map<number, string[]>();
    for (const t of tags) tagsOf.set(t.entryId, [...(tagsOf.get(t.entryId) ?? []), t.tag]);
    const readsOf = new Map<number, { startedOn: string | null; finishedOn: string | null }[]>();
    for (const r of reads) {
      readsOf.set(r.entryId, [
        ...(readsOf.get(r.entryId) ?? []),
        { startedOn: r.startedOn, finishedOn: r.finishedOn },
      ]);
    }
    const bookIds = new Set<number>();
    for (const j of journals) if (j.bookId !== null) bookIds.add(j.bookId);
    for (const n of notes) bookIds.add(n.bookId);
    const books = new Map((await this.#repo.books([...bookIds])).map((b) => [b.id, exportBook(b)]));
    // Notes are numbered 1… in the document; attachments name their note by that number.
    const noteNumber = new Map(notes.map((n, i) => [n.id, i + 1]));
    const files: ArchiveFile[] = [];
    const attachmentList: ExportDocument['attachments'] = [];
    for (const a of attachments) {
      const noteId = noteNumber.get(a.noteId);
      if (noteId === undefined) continue;
      const path = `attachments/${noteId}/${a.id}-${zipName(a.fileName)}`;
      files.push({ storageKey: a.storageKey, path });
      attachmentList.push({
        noteId,
        fileName: a.fileName,
        mimeType: a.mimeType,
        size: a.size,
        path,
        sha256: a.sha256,
        createdAt: a.createdAt,
      });
    }
    const document: ExportDocument = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      profile,
      entries: rows.map((e) => ({
        book: exportBook(e),
        status: e.status,
        format: e.format,
        ownership: e.ownership,
        rating: e.rating === null ? null : e.rating / 2,
        review: e.review,
        reviewHasSpoilers: e.reviewHasSpoilers === 1,
        startedOn: e.startedOn,
        finishedOn: e.finishedOn,
        progressPages: e.progressPages,
        progressPercent: e.progressPercent,
        visibility: e.visibility,
        tags: tagsOf.get(e.id) ?? [],
        reads: readsOf.get(e.id) ?? [],
        createdAt: e.createdAt,
        updatedAt: e.updatedAt,
      })),
      goals,
      attachments: attachmentList,
      journals: journals.map((j) => ({
        book: j.bookId === null ? null : (books.get(j.bookId) ?? null),
        page: j.page,
        content: j.content,
        visibility: j.visibility,
        createdAt: j.createdAt,
        updatedAt: j.updatedAt,
      })),
      notes: notes.flatMap((n) => {
        const book = books.get(n.bookId);
        return book
          ? [
              {
                id: noteNumber.get(n.id) ?? 0,
                book,
                content: n.content,
                quote: n.quote,
                page: n.page,
                location: n.location,
                visibility: n.visibility,
                createdAt: n.createdAt,
                updatedAt: n.updatedAt,
              },
            ]
          : [];
      }),
      follows,
      blocks,
    };
    return { document, bookIds: rows.map((r) => r.bookId), files };
  }

  async csv(userId: number): Promise<string> {
    const { document, bookIds } = await this.document(userId);
    return goodreadsCsv(document, bookIds);
  }

  /**
   * A ZIP of the JSON document and every attachment file, streamed as it is written: each file is
   * opened only when the ZIP reaches it (addReadStreamLazy) and read as the response drains, so
   * memory stays flat however large the archive is.
   */
  async archive(userId: number): Promise<Readable> {
    const { document, files } = await this.document(userId);
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(JSON.stringify(document, null, 2)), ARCHIVE_JSON_NAME, { compress: true });
    for (const file of files) {
      // Attachments are mostly images and PDFs, already compressed.
      zip.addReadStreamLazy(file.path, { compress: false }, (done) => {
        done(null, this.#storage.read(file.storageKey));
      });
    }
    zip.end();
    const out = new PassThrough();
    zip.outputStream.on('error', (err) => out.destroy(err));
    zip.outputStream.pipe(out);
    return out;
  }
}
