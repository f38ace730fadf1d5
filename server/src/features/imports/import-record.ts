import type {
  BookFormat,
  Ownership,
  ReadingStatus,
  Visibility,
} from '../../db/tables/library-entries.table.ts';

/** One book of an import file, mapped and cleaned, ready to store. */
export interface ImportRecord {
  /** 1-based position of the book in the file (the header is not counted). */
  row: number;
  book: {
    title: string;
    subtitle: string | null;
    authors: string[];
    isbn13: string | null;
    isbn10: string | null;
    pageCount: number | null;
    publisher: string | null;
    publishedDate: string | null;
    language: string | null;
  };
  status: ReadingStatus;
  format: BookFormat | null;
  ownership: Ownership | null;
  /** Half-stars 1..10. */
  rating: number | null;
  review: string | null;
  reviewHasSpoilers: boolean;
  startedOn: string | null;
  finishedOn: string | null;
  progressPages: number | null;
  progressPercent: number | null;
  visibility: Visibility | null;
  tags: string[];
  /** Rereads besides the entry's own read, oldest first; undated ones have both dates null. */
  reads: { startedOn: string | null; finishedOn: string | null }[];
  /** `YYYY-MM-DD` or a full ISO time: when the book was shelved. */
  addedAt: string | null;
  /** A private note on the book (Goodreads' `Private Notes`), stored with the new entry. */
  privateNote: string | null;
}

export type MappedRow = { ok: true; record: ImportRecord } | { ok: false; row: number; message: string };
