/**
 * The shape of the generated community, shared by the generator and the harness: sizes per scale
 * and the few readers the scenarios sign in as.
 */

/** Every generated reader signs in with this password (hashed once, the hash reused). */
export const BENCH_PASSWORD = 'bench-password-not-secret';

/** The catalog search scenario looks for this word; about one title in sixty contains it. */
export const SEARCH_WORD = 'garden';

/** Readers the scenarios use, generated first so their ids are 1, 2, 3, … */
export const FIRST_PAGE_READER = 'bench_first';
export const DEEP_READER = 'bench_deep';
export const ADDER_COUNT = 32;
export const PROGRESS_READER_COUNT = 16;
export const adderName = (i: number) => `bench_add_${String(i + 1).padStart(2, '0')}`;
export const progressReaderName = (i: number) => `bench_progress_${String(i + 1).padStart(2, '0')}`;
export const readerName = (i: number) => `reader_${String(i + 1).padStart(6, '0')}`;
/** The feed scenarios read as these two: one follows the median number of readers, one the most. */
export const FEED_READER = 'bench_feed';
export const FEED_HEAVY_READER = 'bench_feed_heavy';
/** Readers the feed reader follows (the median of the generated out-degrees). */
export const FEED_FOLLOWS = 50;
/** The most readers anyone follows (the heavy feed reader follows this many, or everyone at small scales). */
export const MAX_FOLLOWS = 2000;

/** Entries on the first-page reader's shelf ("a reader with ~100 entries"). */
export const FIRST_PAGE_ENTRIES = 100;
/** Entries on each progress reader's shelf, and how many of them are being read. */
export const PROGRESS_ENTRIES = 60;
export const PROGRESS_CURRENTLY_READING = 20;

export interface CommunitySize {
  entries: number;
  readers: number;
  books: number;
  /** The deep-page reader's shelf. */
  deepEntries: number;
  /** Most entries one ordinary reader may have. */
  maxShelf: number;
  /** Activities (what feeds show): as many as entries. */
  activities: number;
}

/**
 * 1,000,000 entries ↔ 10,000 readers and 200,000 books, scaled linearly, with floors so small
 * quick runs still have a catalog to search and readers to spread entries over.
 */
export function communitySize(entries: number): CommunitySize {
  const readers = Math.max(150, Math.round(entries / 100));
  const books = Math.max(4000, Math.round(entries / 5));
  const deepEntries = Math.min(Math.floor(books / 4), Math.max(1000, Math.round(entries / 500)));
  const maxShelf = Math.min(Math.floor(books / 2), 5000);
  return { entries, readers, books, deepEntries, maxShelf, activities: entries };
}

/** Readers before the ordinary population: first-page, deep, adders, progress readers, feed readers. */
export const SPECIAL_READERS = 2 + ADDER_COUNT + PROGRESS_READER_COUNT + 2;
/** Index (0-based, id − 1) of the feed readers among the special readers. */
export const FEED_READER_INDEX = 2 + ADDER_COUNT + PROGRESS_READER_COUNT;
export const FEED_HEAVY_READER_INDEX = FEED_READER_INDEX + 1;

/** The generator's last act: a row naming the data set, so a half-built one is never reused. */
export const DATASET_MARKER_TABLE = 'bench_dataset';
