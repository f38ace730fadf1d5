import { stringify } from 'csv-stringify/sync';
import type { ExportDocument } from './export.schemas.ts';

/** Goodreads' current export layout (23 columns), in its order. */
export const GOODREADS_COLUMNS = [
  'Book Id',
  'Title',
  'Author',
  'Author l-f',
  'Additional Authors',
  'ISBN',
  'ISBN13',
  'My Rating',
  'Publisher',
  'Binding',
  'Number of Pages',
  'Year Published',
  'Original Publication Year',
  'Date Read',
  'Date Added',
  'Bookshelves',
  'Bookshelves with positions',
  'Exclusive Shelf',
  'My Review',
  'Spoiler',
  'Private Notes',
  'Read Count',
  'Owned Copies',
] as const;

const SHELF = {
  want_to_read: 'to-read',
  currently_reading: 'currently-reading',
  read: 'read',
  did_not_finish: 'did-not-finish',
} as const;

const BINDING = {
  paperback: 'Paperback',
  hardcover: 'Hardcover',
  ebook: 'Kindle Edition',
  audiobook: 'Audiobook',
  other: 'Other',
} as const;

/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
 * formula (CSV injection); a leading `'` makes it text. Our import takes the `'` off again.
 */
export function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const slashDate = (date: string | null) => (date ? date.slice(0, 10).replaceAll('-', '/') : '');

function lastFirst(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return name;
  const last = parts.pop();
  return `${last}, ${parts.join(' ')}`;
}

/** Plain review text as Goodreads' HTML: escaped, line breaks as `<br/>`. */
function reviewHtml(text: string | null): string {
  if (!text) return '';
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/\r?\n/g, '<br/>');
}

/**
 * The reader's shelves in Goodreads' columns, UTF-8 with a BOM, for Goodreads, StoryGraph and our
 * own import. Rereads keep their count only (Goodreads has one date per book); ratings keep halves.
 */
export function goodreadsCsv(doc: ExportDocument, bookIds: number[]): string {
  const rows = doc.entries.map((e, i) => {
    const [first = '', ...more] = e.book.authors;
    const tags = e.tags.map((t) => t.replaceAll(',', ' '));
    const finishedReads = e.reads.filter((r) => r.finishedOn !== null || r.startedOn === null).length;
    const readCount = (e.status === 'read' ? 1 : 0) + finishedReads;
    const cells = [
      String(bookIds[i] ?? ''),
      e.book.title,
      first,
      first ? lastFirst(first) : '',
      more.join(', '),
      e.book.isbn10 ?? '',
      e.book.isbn13 ?? '',
      e.rating === null ? '0' : String(e.rating),
      e.book.publisher ?? '',
      e.format ? BINDING[e.format] : '',
      e.book.pageCount === null ? '' : String(e.book.pageCount),
      e.book.publishedDate?.slice(0, 4) ?? '',
      '',
      slashDate(e.finishedOn),
      slashDate(e.createdAt),
      tags.join(', '),
      tags.map((t, p) => `${t} (#${p + 1})`).join(', '),
      SHELF[e.status],
      reviewHtml(e.review),
      e.reviewHasSpoilers ? 'true' : '',
      '',
      String(readCount),
      e.ownership === 'owned' ? '1' : '0',
    ];
    return cells.map(inert);
  });
  return stringify([[...GOODREADS_COLUMNS], ...rows], { bom: true, record_delimiter: '\n' });
}
