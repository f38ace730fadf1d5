import { PassThrough, type Readable } from 'node:stream';
import yazl from 'yazl';
import { NotFoundError } from '../../errors.ts';
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

export class ExportsService {
  readonly #repo: ExportsRepository;
  readonly #goals: GoalsSource;

  constructor(repo: ExportsRepository, goals: GoalsSource) {
    this.#repo = repo;
    this.#goals = goals;
  }

  /** Everything the reader owns as the versioned export document (docs/export-v1.schema.json). */
  async document(userId: number): Promise<{ document: ExportDocument; bookIds: number[] }> {
    const [profile, rows, tags, reads, goals] = await Promise.all([
      this.#repo.profile(userId),
      this.#repo.entries(userId),
      this.#repo.tags(userId),
      this.#repo.reads(userId),
      this.#goals.listRaw(userId),
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
    const document: ExportDocument = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      profile,
      entries: rows.map((e) => ({
        book: {
          title: e.title,
          subtitle: e.subtitle,
          authors: parseList(e.authors),
          isbn13: e.isbn13,
          isbn10: e.isbn10,
          pageCount: e.pageCount,
          publishedDate: e.publishedDate,
          publisher: e.publisher,
          language: e.language,
        },
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
      // Notes (and so their attachments) are not on main yet.
      attachments: [],
    };
    return { document, bookIds: rows.map((r) => r.bookId) };
  }

  async csv(userId: number): Promise<string> {
    const { document, bookIds } = await this.document(userId);
    return goodreadsCsv(document, bookIds);
  }

  /**
   * A ZIP of the JSON document and every attachment file, streamed as it is written: the files
   * are read from storage one after another, so memory stays flat however large the archive is.
   */
  async archive(userId: number): Promise<Readable> {
    const { document } = await this.document(userId);
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(JSON.stringify(document, null, 2)), ARCHIVE_JSON_NAME, { compress: true });
    zip.end();
    const out = new PassThrough();
    zip.outputStream.pipe(out);
    return out;
  }
}
