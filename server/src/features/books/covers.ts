import { createHash } from 'node:crypto';
import { processImage } from '../../lib/images.ts';
import { fetchPublic, PublicFetchError } from '../../lib/public-fetch.ts';
import { SweepLoop } from '../../lib/sweep-loop.ts';
import type { LocalStorage } from '../../storage/local-storage.ts';
import type { BooksRepository, PendingCover } from './books.repository.ts';

/** A cover bigger than this is not a cover (the largest provider covers are a few hundred KB). */
export const MAX_COVER_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;
/** Transient failures (network, 5xx, 429) are tried again after these waits, then given up. */
const RETRY_AFTER_MS = [60_000, 15 * 60_000, 6 * 60 * 60_000];
/** How long a claimed cover is left alone before another sweep may take it (a crash mid-fetch). */
const LEASE_MS = 5 * 60_000;
const BATCH = 10;

/** The two sizes stored: the book page's, and lists' (search results, shelves, the feed). */
const SIZES = { l: { width: 480, height: 720 }, s: { width: 160, height: 240 } } as const;

/** `/media/covers/<book>-<hash>-<size>.webp`: the name changes with the picture, so it is cached for good. */
export const COVER_FILE_PATTERN = '^[0-9]+-[a-f0-9]{16}-[ls]\\.webp$';

export function coverKey(file: string): string {
  return `covers/${file}`;
}

/** The list-sized cover of a large cover's URL (both are always stored together). */
export function thumbnailOf(coverUrl: string | null): string | null {
  return coverUrl ? coverUrl.replace(/-l\.webp$/, '-s.webp') : null;
}

/** Storage keys of a stored cover's two files, from its URL. */
export function coverKeys(coverUrl: string | null): string[] {
  const match = coverUrl ? /^\/media\/covers\/([0-9]+-[a-f0-9]{16})-l\.webp$/.exec(coverUrl) : null;
  if (!match) return [];
  return [coverKey(`${match[1]}-l.webp`), coverKey(`${match[1]}-s.webp`)];
}

/** An image type by its first bytes (never by the server's Content-Type or the URL's name). */
export function imageTypeOf(bytes: Buffer): 'jpeg' | 'png' | 'gif' | 'webp' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  const head = bytes.subarray(0, 6).toString('latin1');
  if (head === 'GIF87a' || head === 'GIF89a') return 'gif';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'webp';
  }
  return null;
}

export interface CoverJobOptions {
  allowLoopback: boolean;
  sweepSeconds: number;
  log: { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void };
}

/**
 * Fetches covers in the background, once each: provider records' cover links and the https address
 * a reader gave for their own book. A book waits in `cover_state = 'pending'` (persisted, so a
 * restart resumes: the job sweeps at start, on a timer and when a book is added); searches and adds
 * never wait for it. A cover that cannot be fetched leaves the book without one (the web app shows
 * its placeholder).
 */
export class CoverJob extends SweepLoop {
  readonly #books: BooksRepository;
  readonly #storage: Pick<LocalStorage, 'write' | 'remove'>;
  readonly #options: CoverJobOptions;
  protected readonly jobName = 'cover job';

  constructor(
    books: BooksRepository,
    storage: Pick<LocalStorage, 'write' | 'remove'>,
    options: CoverJobOptions,
  ) {
    super();
    this.#books = books;
    this.#storage = storage;
    this.#options = options;
  }

  start(): void {
    this.startSweeping(this.#options.sweepSeconds);
  }

  protected get log() {
    return this.#options.log;
  }

  /** Fetches every cover that is due now, a batch at a time. Returns how many books it settled. */
  async runOnce(): Promise<number> {
    let settled = 0;
    for (;;) {
      const now = Date.now();
      const claimed = await this.#books.claimPendingCovers(
        new Date(now).toISOString(),
        new Date(now + LEASE_MS).toISOString(),
        BATCH,
      );
      if (claimed.length === 0) return settled;
      for (const book of claimed) {
        await this.#fetchOne(book);
        settled += 1;
      }
    }
  }

  async #fetchOne(book: PendingCover): Promise<void> {
    const source = book.coverSourceUrl;
    if (!source) {
      await this.#books.settleCover(book.id, source, { coverState: 'none', coverNextAt: null });
      return;
    }
    try {
      // A reader's own address must be https, whatever the development setting allows providers.
      const readerGiven = book.confirmedAt === null;
      if (readerGiven && !source.startsWith('https://')) {
        throw new PublicFetchError('https_required', 'a reader’s cover address must be https', true);
      }
      const fetched = await fetchPublic(source, {
        maxBytes: MAX_COVER_BYTES,
        timeoutMs: FETCH_TIMEOUT_MS,
        allowLoopback: this.#options.allowLoopback,
      });
      if (!imageTypeOf(fetched.body)) {
        throw new PublicFetchError('not_an_image', 'the answer is not a JPEG, PNG, GIF or WebP image', true);
      }
      const [large, small] = await Promise.all(
        (['l', 's'] as const).map((size) =>
          processImage(fetched.body, (image) =>
            image
              .rotate()
              .resize({ ...SIZES[size], fit: 'inside', withoutEnlargement: true })
              .webp({ quality: 80 }),
          ),
        ),
      );
      if (!large || !small) throw new Error('the cover was not encoded');
      const name = `${book.id}-${createHash('sha256').update(large).digest('hex').slice(0, 16)}`;
      await this.#storage.write(coverKey(`${name}-l.webp`), large);
      await this.#storage.write(coverKey(`${name}-s.webp`), small);
      const coverUrl = `/media/covers/${name}-l.webp`;
      const kept = await this.#books.settleCover(book.id, source, {
        coverUrl,
        coverState: 'ready',
        coverAttempts: book.coverAttempts + 1,
        coverNextAt: null,
      });
      const stale = kept ? coverKeys(book.coverUrl) : coverKeys(coverUrl);
      for (const key of stale.filter((k) => !kept || !coverKeys(coverUrl).includes(k))) {
        await this.#storage.remove(key);
      }
    } catch (err) {
      const permanent = err instanceof PublicFetchError ? err.permanent : true;
      const attempts = book.coverAttempts + 1;
      const wait = RETRY_AFTER_MS[attempts - 1];
      const giveUp = permanent || wait === undefined;
      this.#options.log.warn(
        {
          bookId: book.id,
          code: err instanceof PublicFetchError ? err.code : 'image_error',
          reason: err instanceof Error ? err.message : String(err),
          attempts,
          giveUp,
        },
        'a cover could not be fetched',
      );
      await this.#books.settleCover(book.id, source, {
        coverState: giveUp ? 'failed' : 'pending',
        coverAttempts: attempts,
        coverNextAt: giveUp ? null : new Date(Date.now() + wait).toISOString(),
      });
    }
  }
}
