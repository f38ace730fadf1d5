import { open, readFile, stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { fileTypeFromBuffer } from 'file-type';
import { Value } from 'typebox/value';
import yauzl from 'yauzl';
import type { ImportSource } from '../../db/tables/import-jobs.table.ts';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../errors.ts';
import { type ExportDocument, ExportSchema } from '../exports/index.ts';
import { type CsvSource, mapCsvRow, missingColumns, rowReader } from './csv-mapping.ts';
import type { ImportRecord, MappedRow } from './import-record.ts';

export const MAX_ROWS = 100_000;
export const ARCHIVE_JSON = 'book-tracker.json';
/**
 * The most of an import held in memory: a CSV, or the JSON document (alone or inside an archive,
 * whose attachment files are read from disk one by one as the job reaches them).
 */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

function documentTooLarge(what: string): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `${what} is larger than ${MAX_DOCUMENT_BYTES / 1048576} MB; an import holds at most ${MAX_ROWS.toLocaleString('en')} rows.`,
  );
}

export type ParsedFile =
  | { kind: 'csv'; source: CsvSource; header: string[]; rows: string[][] }
  | { kind: 'json'; document: ExportDocument; archive: boolean };

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

/**
 * Reads `book-tracker.json` out of a ZIP archive on disk; the attachments stay in the file (the
 * job takes them out one by one), so an archive of any size costs only its JSON in memory.
 */
async function jsonFromZip(zipPath: string): Promise<Buffer> {
  const unreadable = () =>
    new ValidationError('The archive cannot be read.', { file: 'is not a readable ZIP' }, 'invalid_file');
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(unreadable());
      let found = false;
      const fail = (e: unknown) => {
        zip.close();
        reject(e);
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== ARCHIVE_JSON) return zip.readEntry();
        found = true;
        if (entry.uncompressedSize > MAX_DOCUMENT_BYTES)
          return fail(documentTooLarge(`The archive's ${ARCHIVE_JSON}`));
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(unreadable());
          const parts: Buffer[] = [];
          let size = 0;
          stream.on('data', (c: Buffer) => {
            size += c.length;
            // The size in the ZIP's directory is the archive's word, not a fact.
            if (size > MAX_DOCUMENT_BYTES) {
              stream.destroy();
              fail(documentTooLarge(`The archive's ${ARCHIVE_JSON}`));
            } else parts.push(c);
          });
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(parts));
          });
          stream.on('error', () => fail(unreadable()));
        });
      });
      zip.on('end', () => {
        if (!found)
          reject(
            new ValidationError(
              `The archive has no ${ARCHIVE_JSON}.`,
              { file: `has no ${ARCHIVE_JSON}` },
              'invalid_file',
            ),
          );
      });
      zip.on('error', () => fail(unreadable()));
      zip.readEntry();
    });
  });
}

/** The first bytes of a file, which say its type. */
async function head(filePath: string): Promise<Buffer> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(4100);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Checks an upload on disk the way the request needs (type, size in rows, required columns) and
 * parses it. The job parses the stored file again with this same function when it runs or
 * resumes. Only a CSV or the JSON document is read into memory (at most MAX_DOCUMENT_BYTES).
 */
export async function parseImportFile(source: ImportSource, filePath: string): Promise<ParsedFile> {
  const detected = await fileTypeFromBuffer(await head(filePath));
  const archive = source === 'book-tracker' && detected?.ext === 'zip';
  if (!archive && (await stat(filePath)).size > MAX_DOCUMENT_BYTES)
    throw documentTooLarge(source === 'book-tracker' ? 'A JSON export' : 'A CSV file');
  if (source === 'book-tracker') {
    if (detected && !archive)
      throw new UnsupportedMediaTypeError(
        `A ${detected.ext.toUpperCase()} file is not a Book Tracker export.`,
      );
    const json = archive ? await jsonFromZip(filePath) : await readFile(filePath);
    let document: unknown;
    try {
      document = JSON.parse(json.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      throw new ValidationError('The file is not valid JSON.', { file: 'is not valid JSON' }, 'invalid_file');
    }
    if (!Value.Check(ExportSchema, document)) {
      const first = Value.Errors(ExportSchema, document)[0];
      throw new ValidationError(
        'The file is not a Book Tracker export (version 1).',
        {
          file: first ? `${first.instancePath || '/'} ${first.message}` : 'does not match the export schema',
        },
        'invalid_file',
      );
    }
    const parsed: ParsedFile = { kind: 'json', document, archive };
    if (rowCount(parsed) > MAX_ROWS)
      throw new PayloadTooLargeError(`An import holds at most ${MAX_ROWS.toLocaleString('en')} rows.`);
    return parsed;
  }
  // Text has no magic bytes; anything file-type recognises (PNG, ZIP, PDF…) is not a CSV.
  if (detected)
    throw new UnsupportedMediaTypeError(`A ${detected.ext.toUpperCase()} file is not a CSV export.`);
  const records = await parseCsv(await readFile(filePath));
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

/**
 * Checks an uploaded file where the runner lives, and keeps what it parsed there for the runner
 * (under the key the file will be stored at), so the file is parsed once. The server's thread
 * uses it through the import thread (import-worker-host.ts), or directly when imports run in it.
 */
export class ImportFileChecker {
  readonly #parsed: ParsedFiles;

  constructor(parsed: ParsedFiles) {
    this.#parsed = parsed;
  }

  /** The file's number of rows; throws the 4xx the upload answers when the file is refused. */
  async check(source: ImportSource, filePath: string, key: string): Promise<number> {
    const parsed = await parseImportFile(source, filePath);
    this.#parsed.put(key, parsed);
    return rowCount(parsed);
  }
}

/**
 * The rows of a file, which the job's cursor counts: a CSV's lines; for our own export its
 * entries, then its journal entries, notes (each with its attachments), goals, blocks and follows,
 * in that order (a resumed job's cursor means the same rows: later versions add kinds at the end).
 */
export function rowCount(file: ParsedFile): number {
  if (file.kind === 'csv') return file.rows.length;
  const d = file.document;
  return (
    d.entries.length +
    (d.journals?.length ?? 0) +
    (d.notes?.length ?? 0) +
    d.goals.length +
    (d.blocks?.length ?? 0) +
    (d.follows?.length ?? 0)
  );
}

type DocumentOf<K extends keyof ExportDocument> =
  NonNullable<ExportDocument[K]> extends readonly (infer T)[] ? T : never;

/** A row of our own export after its entries. */
export type ExtraItem =
  | { kind: 'journal'; row: number; journal: DocumentOf<'journals'> }
  | { kind: 'note'; row: number; note: DocumentOf<'notes'>; attachments: DocumentOf<'attachments'>[] }
  | { kind: 'goal'; row: number; goal: DocumentOf<'goals'> }
  | { kind: 'block' | 'follow'; row: number; username: string };

/** Rows `[from, to)` of an export that come after its entries (`from` ≥ the number of entries). */
export function extraItems(document: ExportDocument, from: number, to: number): ExtraItem[] {
  const journals = document.journals ?? [];
  const notes = document.notes ?? [];
  const attachmentsOf = new Map<number, DocumentOf<'attachments'>[]>();
  for (const a of document.attachments)
    attachmentsOf.set(a.noteId, [...(attachmentsOf.get(a.noteId) ?? []), a]);
  const out: ExtraItem[] = [];
  for (let i = from; i < to; i++) {
    let k = i - document.entries.length;
    if (k < 0) continue;
    if (k < journals.length) {
      out.push({ kind: 'journal', row: i + 1, journal: journals[k] as DocumentOf<'journals'> });
      continue;
    }
    k -= journals.length;
    if (k < notes.length) {
      const note = notes[k] as DocumentOf<'notes'>;
      out.push({ kind: 'note', row: i + 1, note, attachments: attachmentsOf.get(note.id) ?? [] });
      continue;
    }
    k -= notes.length;
    if (k < document.goals.length) {
      const goal = document.goals[k];
      if (goal) out.push({ kind: 'goal', row: i + 1, goal });
      continue;
    }
    k -= document.goals.length;
    const blocks = document.blocks ?? [];
    const reader = k < blocks.length ? blocks[k] : document.follows?.[k - blocks.length];
    if (reader)
      out.push({ kind: k < blocks.length ? 'block' : 'follow', row: i + 1, username: reader.username });
  }
  return out;
}

/**
 * Takes the files at `paths` out of a ZIP on disk, one after another, into temporary files
 * (`receive` bounds each to its declared size); a path the archive lacks is left out.
 */
export async function filesFromZip(
  zipPath: string,
  wanted: Map<string, number>,
  receive: (stream: NodeJS.ReadableStream, maxBytes: number) => Promise<{ tempPath: string; size: number }>,
): Promise<Map<string, { tempPath: string; size: number } | Error>> {
  const out = new Map<string, { tempPath: string; size: number } | Error>();
  if (wanted.size === 0) return out;
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true }, (err, z) => (err || !z ? reject(err) : resolve(z))),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        const maxBytes = wanted.get(entry.fileName);
        if (maxBytes === undefined || out.has(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) {
            out.set(entry.fileName, err ?? new Error('unreadable'));
            return zip.readEntry();
          }
          receive(stream, Math.max(1, maxBytes)).then(
            (file) => {
              out.set(entry.fileName, file);
              zip.readEntry();
            },
            (e: unknown) => {
              out.set(entry.fileName, e instanceof Error ? e : new Error(String(e)));
              zip.readEntry();
            },
          );
        });
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return out;
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
