import { compile } from 'html-to-text';
import type { ImportSource } from '../../db/tables/import-jobs.table.ts';
import type { BookFormat } from '../../db/tables/library-entries.table.ts';
import { parseIsbn } from '../books/index.ts';
import { MAX_CONTENT } from '../journals/index.ts';
import { isCalendarDate, MAX_TAG_LENGTH, MAX_TAGS } from '../library/index.ts';
import type { ImportRecord, MappedRow } from './import-record.ts';

export type CsvSource = Extract<ImportSource, 'goodreads' | 'storygraph'>;

/** Columns a file must have, by source; every other column is found by name when present. */
export const REQUIRED_COLUMNS: Record<CsvSource, string[]> = {
  goodreads: ['Title', 'Author', 'Exclusive Shelf'],
  storygraph: ['Title', 'Authors', 'Read Status'],
};

/** A row read by column name; absent columns read as ''. */
export type Row = (column: string) => string;

export function rowReader(header: string[], cells: string[]): Row {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  return (column) => {
    const i = index.get(column.toLowerCase());
    return i === undefined ? '' : uninert((cells[i] ?? '').trim());
  };
}

export function missingColumns(source: CsvSource, header: string[]): string[] {
  const present = new Set(header.map((h) => h.trim().toLowerCase()));
  return REQUIRED_COLUMNS[source].filter((c) => !present.has(c.toLowerCase()));
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Our CSV export makes cells inert with a leading `'`; take it off again. */
function uninert(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/**
 * ISBNs as Goodreads writes them (`="0441172717"`, `=""`) or plain. A value that is not a valid
 * ISBN-10 or ISBN-13 (real exports hold `813,01`, 9 digits, 13 characters ending in X) is no ISBN.
 */
export function parseFileIsbn(raw: string): { isbn13: string; isbn10: string | null } | null {
  const value = raw
    .trim()
    .replace(/^'/, '')
    .replace(/^="?|"$/g, '')
    .replace(/[\s-]/g, '')
    .toUpperCase();
  return value.length === 10 || value.length === 13 ? parseIsbn(value) : null;
}

/** `2023/01/15`, `2023-01-15` or `2023/1/5` to `2023-01-15`; anything else (or no real date) is null. */
export function parseFileDate(raw: string): string | null {
  const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(raw.trim());
  if (!match) return null;
  const date = `${match[1]}-${(match[2] ?? '').padStart(2, '0')}-${(match[3] ?? '').padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

/** Goodreads' private notes are plain text; a note holds at most MAX_CONTENT characters. */
function noteText(raw: string): string | null {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  return text ? [...text].slice(0, MAX_CONTENT).join('') : null;
}

function positiveInt(raw: string): number | null {
  if (!/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 && n <= 100_000 ? n : null;
}

// Compiled once: html-to-text's convert() compiles its options on every call, which was 80% of
// a 10k-row import's CPU (bench/data-features.ts).
const htmlToText = compile({
  wordwrap: false,
  preserveNewlines: true,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
});

/** Review HTML (Goodreads writes `<br/>`, `<b>`, `<spoiler>`, links) to plain text. */
export function reviewText(html: string): { text: string | null; spoiler: boolean } {
  const spoiler = /<spoiler\b/i.test(html);
  if (!/[<&]/.test(html)) return { text: html.trim() || null, spoiler };
  const text = htmlToText(html).trim();
  return { text: text || null, spoiler };
}

/** Cleans tags to what an entry accepts: trimmed, one space, at most 50 characters, 30 tags, no case duplicates. */
export function cleanTags(tags: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of tags) {
    const tag = [...clean(raw)].slice(0, MAX_TAG_LENGTH).join('').trim();
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
    if (out.length === MAX_TAGS) break;
  }
  return out;
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map(clean)
    .filter((s) => s !== '');
}

const BINDINGS: [RegExp, BookFormat][] = [
  [/kindle|ebook|e-book|nook|digital|epub/i, 'ebook'],
  [/audi(o|ble)/i, 'audiobook'],
  [/paperback|softcover|mass market/i, 'paperback'],
  [/hardcover|hardback|library binding|board book/i, 'hardcover'],
];

/** Goodreads' Binding or StoryGraph's Format to our format; blank is unknown, the rest `other`. */
export function toFormat(raw: string): BookFormat | null {
  if (!raw.trim()) return null;
  for (const [pattern, format] of BINDINGS) if (pattern.test(raw)) return format;
  return 'other';
}

const DNF_SHELF = /did[\s_-]*not[\s_-]*finish|\bdnf\b|abandon|trashed/i;
const STANDARD_SHELVES = new Set(['read', 'to-read', 'currently-reading']);

function emptyRecord(row: number): Omit<ImportRecord, 'book' | 'status'> {
  return {
    row,
    format: null,
    ownership: null,
    rating: null,
    review: null,
    reviewHasSpoilers: false,
    startedOn: null,
    finishedOn: null,
    progressPages: null,
    progressPercent: null,
    visibility: null,
    tags: [],
    reads: [],
    addedAt: null,
    privateNote: null,
  };
}

/** Ratings in stars (whole, halves or quarters) to half-stars, rounded to the nearest half; 0 is none. */
export function toHalfStarRating(raw: string): number | null {
  const stars = Number(raw.trim());
  if (!raw.trim() || !Number.isFinite(stars) || stars <= 0) return null;
  return Math.min(10, Math.max(1, Math.round(stars * 2)));
}

function authorsOf(first: string, more: string): string[] {
  const authors = [clean(first), ...splitList(more)].filter((a) => a !== '');
  return [...new Set(authors)];
}

export function mapGoodreadsRow(get: Row, row: number): MappedRow {
  const title = clean(get('Title'));
  if (!title) return { ok: false, row, message: 'no title' };
  const authors = authorsOf(get('Author'), get('Additional Authors'));
  if (authors.length === 0) return { ok: false, row, message: 'no author' };
  const isbn = parseFileIsbn(get('ISBN13')) ?? parseFileIsbn(get('ISBN'));
  const year = /^\d{4}$/.test(get('Year Published'))
    ? get('Year Published')
    : /^\d{4}$/.test(get('Original Publication Year'))
      ? get('Original Publication Year')
      : null;

  const shelf = clean(get('Exclusive Shelf')).toLowerCase();
  const dateRead = parseFileDate(get('Date Read'));
  const readCount = positiveInt(get('Read Count')) ?? 0;
  const tags = splitList(get('Bookshelves')).filter((s) => !STANDARD_SHELVES.has(s.toLowerCase()));
  let status: ImportRecord['status'];
  if (shelf === 'read') status = 'read';
  else if (shelf === 'currently-reading') status = 'currently_reading';
  else if (shelf === 'to-read' || shelf === '') status = 'want_to_read';
  else {
    status = DNF_SHELF.test(shelf) ? 'did_not_finish' : dateRead || readCount >= 1 ? 'read' : 'want_to_read';
    tags.unshift(clean(get('Exclusive Shelf')));
  }
  const review = reviewText(get('My Review'));
  const record: ImportRecord = {
    ...emptyRecord(row),
    book: {
      title,
      subtitle: null,
      authors,
      isbn13: isbn?.isbn13 ?? null,
      isbn10: isbn?.isbn10 ?? null,
      pageCount: positiveInt(get('Number of Pages')),
      publisher: clean(get('Publisher')) || null,
      publishedDate: year,
      language: null,
    },
    status,
    format: toFormat(get('Binding')),
    ownership: (positiveInt(get('Owned Copies')) ?? 0) > 0 ? 'owned' : null,
    rating: toHalfStarRating(get('My Rating')),
    review: review.text,
    reviewHasSpoilers: review.spoiler || /^true$/i.test(get('Spoiler')),
    finishedOn: status === 'read' || status === 'did_not_finish' ? dateRead : null,
    tags: cleanTags(tags),
    addedAt: parseFileDate(get('Date Added')),
    privateNote: noteText(get('Private Notes')),
  };
  // Goodreads keeps one date per book; the other reads it counts come in undated.
  if (status === 'read' && readCount > 1) {
    record.reads = Array.from({ length: Math.min(readCount - 1, 100) }, () => ({
      startedOn: null,
      finishedOn: null,
    }));
  }
  return { ok: true, record };
}

/** StoryGraph's `Dates Read`: `2023/01/05-2023/01/20, 2024/03/01-2024/03/10` or single finish dates. */
export function parseDateRanges(raw: string): { startedOn: string | null; finishedOn: string | null }[] {
  const out: { startedOn: string | null; finishedOn: string | null }[] = [];
  for (const part of raw.split(/[,;]/)) {
    const text = part.trim();
    if (!text) continue;
    const range = /^(\d{4}\/\d{1,2}\/\d{1,2})\s*-\s*(\d{4}\/\d{1,2}\/\d{1,2})?$/.exec(text);
    if (range) {
      const startedOn = parseFileDate(range[1] ?? '');
      const finishedOn = range[2] ? parseFileDate(range[2]) : null;
      if (startedOn || finishedOn) {
        out.push(
          startedOn && finishedOn && finishedOn < startedOn
            ? { startedOn: null, finishedOn }
            : { startedOn, finishedOn },
        );
      }
      continue;
    }
    const single = parseFileDate(text);
    if (single) out.push({ startedOn: null, finishedOn: single });
  }
  return out.sort((a, b) =>
    (a.finishedOn ?? a.startedOn ?? '') < (b.finishedOn ?? b.startedOn ?? '') ? -1 : 1,
  );
}

const STORYGRAPH_STATUS: Record<string, ImportRecord['status']> = {
  'to-read': 'want_to_read',
  'currently-reading': 'currently_reading',
  read: 'read',
  'did-not-finish': 'did_not_finish',
};

export function mapStoryGraphRow(get: Row, row: number): MappedRow {
  const title = clean(get('Title'));
  if (!title) return { ok: false, row, message: 'no title' };
  const authors = splitList(get('Authors'));
  if (authors.length === 0) return { ok: false, row, message: 'no author' };
  const status = STORYGRAPH_STATUS[clean(get('Read Status')).toLowerCase()];
  if (!status) return { ok: false, row, message: `unknown Read Status "${clean(get('Read Status'))}"` };
  const isbn = parseFileIsbn(get('ISBN/UID'));
  const ranges = parseDateRanges(get('Dates Read'));
  const lastRead = parseFileDate(get('Last Date Read'));
  if (ranges.length === 0 && lastRead) ranges.push({ startedOn: null, finishedOn: lastRead });
  const review = reviewText(get('Review'));
  const warnings = splitList(get('Content Warnings')).map((w) => `cw: ${w}`);
  const record: ImportRecord = {
    ...emptyRecord(row),
    book: {
      title,
      subtitle: null,
      authors: [...new Set(authors)],
      isbn13: isbn?.isbn13 ?? null,
      isbn10: isbn?.isbn10 ?? null,
      pageCount: null,
      publisher: null,
      publishedDate: null,
      language: null,
    },
    status,
    format: toFormat(get('Format')),
    ownership: /^(yes|true)$/i.test(get('Owned?')) ? 'owned' : null,
    rating: toHalfStarRating(get('Star Rating')),
    review: review.text,
    reviewHasSpoilers: review.spoiler,
    tags: cleanTags([...splitList(get('Tags')), ...warnings]),
    addedAt: parseFileDate(get('Date Added')),
  };
  // The latest read is the entry's own; the earlier ones are rereads.
  const latest = ranges.pop();
  if (latest) {
    if (status === 'want_to_read') {
      ranges.push(latest);
    } else {
      record.startedOn = latest.startedOn;
      record.finishedOn = status === 'currently_reading' ? null : latest.finishedOn;
    }
  }
  if (status !== 'want_to_read') record.reads = ranges.filter((r) => r.finishedOn !== null);
  const readCount = positiveInt(get('Read Count')) ?? 0;
  const known = (status === 'read' ? 1 : 0) + record.reads.length;
  for (let i = known; i < Math.min(readCount, 100); i++)
    record.reads.unshift({ startedOn: null, finishedOn: null });
  return { ok: true, record };
}

export function mapCsvRow(source: CsvSource, get: Row, row: number): MappedRow {
  return source === 'goodreads' ? mapGoodreadsRow(get, row) : mapStoryGraphRow(get, row);
}
