/**
 * Seeded randomness and the skewed distributions the generator draws a community from. Pure, so
 * the same scale always produces the same data (and the same benchmark readers).
 */

export type Random = () => number;

/** mulberry32: small, fast and good enough to shape test data; not for anything secret. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}

/** Picks a key by weight: `{ read: 55, want_to_read: 30 }`. */
export function weighted<T extends string>(random: Random, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return (entries.at(-1) as [T, number])[0];
}

/** A standard normal draw (Box–Muller). */
export function normal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** In-place Fisher–Yates shuffle. */
export function shuffle<T>(random: Random, items: T[] | Int32Array): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp as never;
  }
}

/**
 * Zipf–Mandelbrot popularity over ranks 0..n-1: p(k) ∝ 1 / (k + 1 + q)^s. The offset `q` flattens
 * the very top, so the most popular book sits on a sizable share of shelves without being on all
 * of them (as with real reading: a few books everywhere, a long tail read by one or two people).
 */
export class ZipfSampler {
  readonly #cdf: Float64Array;

  constructor(n: number, s: number, q: number) {
    if (n < 1) throw new Error('ZipfSampler needs at least one rank');
    this.#cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += 1 / (k + 1 + q) ** s;
      this.#cdf[k] = sum;
    }
    for (let k = 0; k < n; k++) this.#cdf[k] = (this.#cdf[k] as number) / sum;
  }

  get size(): number {
    return this.#cdf.length;
  }

  /** The probability of rank k. */
  probability(k: number): number {
    const hi = this.#cdf[k] ?? 0;
    return k === 0 ? hi : hi - (this.#cdf[k - 1] ?? 0);
  }

  /** A rank drawn by popularity (binary search over the cumulative distribution). */
  sample(random: Random): number {
    const u = random();
    let lo = 0;
    let hi = this.#cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * How many entries each of `readers` ordinary readers has: log-normal (most shelves modest, a
 * long tail of avid readers), scaled so they add up to `total`, each between `min` and `max`.
 */
export function readerShelfSizes(
  random: Random,
  readers: number,
  total: number,
  min: number,
  max: number,
): number[] {
  if (readers === 0) return [];
  if (total < readers * min || total > readers * max) {
    throw new Error(`Cannot spread ${total} entries over ${readers} readers with ${min}..${max} each`);
  }
  const raw = Array.from({ length: readers }, () => Math.exp(1.1 * normal(random)));
  const rawSum = raw.reduce((a, b) => a + b, 0);
  const sizes = raw.map((r) => Math.min(max, Math.max(min, Math.round((r / rawSum) * total))));
  // Rounding and clamping drift from the target; walk the difference off one entry at a time,
  // largest shelves first when trimming and smallest first when adding, so the shape stays.
  let diff = total - sizes.reduce((a, b) => a + b, 0);
  const order = sizes.map((_, i) => i).sort((a, b) => (sizes[b] as number) - (sizes[a] as number));
  let guard = 0;
  while (diff !== 0) {
    let moved = false;
    const sequence = diff > 0 ? [...order].reverse() : order;
    for (const i of sequence) {
      if (diff === 0) break;
      const size = sizes[i] as number;
      if (diff > 0 && size < max) {
        sizes[i] = size + 1;
        diff--;
        moved = true;
      } else if (diff < 0 && size > min) {
        sizes[i] = size - 1;
        diff++;
        moved = true;
      }
    }
    if (!moved || ++guard > 1_000_000) throw new Error('Could not balance shelf sizes');
  }
  return sizes;
}

function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/**
 * A valid, unique ISBN-13 for book number `n` (below 10^8). The digits are scrambled by a
 * bijection so numbers look like real ones; one book in ten gets a 979-8 number, which has no
 * ISBN-10 (as for many recent books).
 */
export function isbn13For(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e8)
    throw new Error(`Book number ${n} is out of range for an ISBN`);
  const first12 =
    n % 10 === 7
      ? `9798${String((n * 7919 + 1_234_567) % 1e8).padStart(8, '0')}`
      : `978${String((n * 7919 + 123_456_789) % 1e9).padStart(9, '0')}`;
  return first12 + isbn13CheckDigit(first12);
}
