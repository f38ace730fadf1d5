import { parse } from 'csv-parse';
import { fileTypeFromBuffer } from 'file-type';
import { Value } from 'typebox/value';
import yauzl from 'yauzl';
import type { ImportSource } from '../../db/tables/import-jobs.table.ts';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../errors.ts';
import { type ExportDocument, ExportV1 } from '../exports/index.ts';
import { type CsvSource, mapCsvRow, missingColumns, rowReader } from './csv-mapping.ts';
import type { ImportRecord, MappedRow } from './import-record.ts';

export const MAX_ROWS = 100_000;
export const ARCHIVE_JSON = 'book-tracker.json';

export type ParsedFile =
  | { kind: 'csv'; source: CsvSource; header: string[]; rows: string[][] }
  | { kind: 'json'; document: ExportDocument };

const CSV_SLICE = 256 * 1024;

/**
 * Parses in slices of CSV_SLICE bytes with a turn of the event loop between them: 10k rows in
 * one go held the process for ~100–200 ms, long enough to show in every page's p99 while an
 * import starts (bench/data-features.ts).
 */
async function parseCsv(data: Buffer): Promise<string[][]> {
  const rows: string[][] = [];
  const parser = parse({
    bom: true,
    relax_column_count: true,
    // Goodreads writes ISBNs as ="0441172717" without quoting the field.
    relax_quotes: true,
    skip_empty_lines: true,
    trim: false,
  });
  let failure: Error | null = null;
  parser.on('data', (row: string[]) => rows.push(row));
  parser.on('error', (err: Error) => {
    failure ??= err;
  });
  const ended = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', () => resolve());
  });
  for (let i = 0; i < data.length && !failure; i += CSV_SLICE) {
    parser.write(data.subarray(i, i + CSV_SLICE));
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!failure) parser.end();
  await ended;
  if (failure) {
    throw new ValidationError(
      `The file is not readable as CSV: ${(failure as Error).message}`,
      { file: 'is not valid CSV' },
      'invalid_file',
    );
  }
  return rows;
}

/** Reads `book-tracker.json` out of a ZIP archive in memory (uploads are bounded by MAX_FILE_SIZE). */
async function jsonFromZip(data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip)
        return reject(
          new ValidationError(
            'The archive cannot be read.',
            {
              file: 'is not a readable ZIP',
            },
            'invalid_file',
          ),
        );
      let found = false;
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== ARCHIVE_JSON) return zip.readEntry();
        found = true;
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(parts));
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => {
        if (!found)
          reject(
            new ValidationError(
              `The archive has no ${ARCHIVE_JSON}.`,
              {
                file: `has no ${ARCHIVE_JSON}`,
              },
              'invalid_file',
            ),
          );
      });
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * Checks an upload the way the request needs (type, size in rows, required columns) and parses
 * it. The job parses the stored file again with this same function when it runs or resumes.
 */
export async function parseImportFile(source: ImportSource, data: Buffer): Promise<ParsedFile> {
  const detected = await fileTypeFromBuffer(data);
  if (source === 'book-tracker') {
    let json = data;
    if (detected?.ext === 'zip') json = await jsonFromZip(data);
    else if (detected)
      throw new UnsupportedMediaTypeError(
        `A ${detected.ext.toUpperCase()} file is not a Book Tracker export.`,
      );
    let document: unknown;
    try {
      document = JSON.parse(json.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      throw new ValidationError('The file is not valid JSON.', { file: 'is not valid JSON' }, 'invalid_file');
    }
    if (!Value.Check(ExportV1, document)) {
      const first = Value.Errors(ExportV1, document)[0];
      throw new ValidationError(
        'The file is not a Book Tracker export (version 1).',
        {
          file: first ? `${first.instancePath || '/'} ${first.message}` : 'does not match the export schema',
        },
        'invalid_file',
      );
    }
    if (document.entries.length > MAX_ROWS)
      throw new PayloadTooLargeError(`An import holds at most ${MAX_ROWS} books.`);
    return { kind: 'json', document };
  }
  // Text has no magic bytes; anything file-type recognises (PNG, ZIP, PDF…) is not a CSV.
  if (detected)
    throw new UnsupportedMediaTypeError(`A ${detected.ext.toUpperCase()} file is not a CSV export.`);
  const records = await parseCsv(data);
  const header = records[0];
  if (!header) throw new ValidationError('The file is empty.', { file: 'is empty' }, 'file_empty');
  const missing = missingColumns(source, header);
  if (missing.length > 0) {
    throw new ValidationError(
      `The file lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of a ${source === 'goodreads' ? 'Goodreads' : 'StoryGraph'} export.`,
      { file: `missing columns: ${missing.join(', ')}`, columns: missing.join(', ') },
      'missing_columns',
    );
  }
  const rows = records.slice(1);
  if (rows.length === 0)
    throw new ValidationError('The file has a header but no books.', { file: 'has no rows' }, 'file_empty');
  if (rows.length > MAX_ROWS)
    throw new PayloadTooLargeError(`An import holds at most ${MAX_ROWS.toLocaleString('en')} books.`);
  return { kind: 'csv', source, header, rows };
}

/**
 * The file an upload just parsed, handed to the runner in the same process so it does not parse
 * it again (a third of a 10k-row import's CPU went to parsing it twice). After a restart, or in
 * another process, the runner parses the stored file.
 */
export class ParsedFiles {
  readonly #files = new Map<string, ParsedFile>();
  readonly #max: number;

  constructor(max = 2) {
    this.#max = max;
  }

  put(key: string, file: ParsedFile): void {
    this.#files.delete(key);
    if (this.#files.size >= this.#max) {
      const oldest = this.#files.keys().next().value;
      if (oldest !== undefined) this.#files.delete(oldest);
    }
    this.#files.set(key, file);
  }

  /** The parsed file, once: it is forgotten as it is taken. */
  take(key: string): ParsedFile | undefined {
    const file = this.#files.get(key);
    this.#files.delete(key);
    return file;
  }
}

export function rowCount(file: ParsedFile): number {
  return file.kind === 'csv' ? file.rows.length : file.document.entries.length;
}

/** Maps rows `[from, to)` of a parsed file to records or row failures. */
export function mapRows(file: ParsedFile, from: number, to: number): MappedRow[] {
  const out: MappedRow[] = [];
  if (file.kind === 'csv') {
    for (let i = from; i < Math.min(to, file.rows.length); i++) {
      out.push(mapCsvRow(file.source, rowReader(file.header, file.rows[i] ?? []), i + 1));
    }
    return out;
  }
  const entries = file.document.entries;
  for (let i = from; i < Math.min(to, entries.length); i++) {
    const e = entries[i];
    if (!e) continue;
    const record: ImportRecord = {
      row: i + 1,
      book: {
        title: e.book.title.trim(),
        subtitle: e.book.subtitle,
        authors: e.book.authors.map((a) => a.trim()).filter((a) => a !== ''),
        isbn13: e.book.isbn13,
        isbn10: e.book.isbn10,
        pageCount: e.book.pageCount,
        publisher: e.book.publisher,
        publishedDate: e.book.publishedDate,
        language: e.book.language,
      },
      status: e.status,
      format: e.format,
      ownership: e.ownership,
      rating: e.rating === null ? null : Math.round(e.rating * 2),
      review: e.review,
      reviewHasSpoilers: e.reviewHasSpoilers,
      startedOn: e.startedOn,
      finishedOn: e.finishedOn,
      progressPages: e.progressPages,
      progressPercent: e.progressPercent,
      visibility: e.visibility,
      tags: e.tags,
      reads: e.reads,
      addedAt: e.createdAt,
      privateNote: null,
    };
    if (!record.book.title) out.push({ ok: false, row: i + 1, message: 'no title' });
    else if (record.book.authors.length === 0) out.push({ ok: false, row: i + 1, message: 'no author' });
    else out.push({ ok: true, record });
  }
  return out;
}
