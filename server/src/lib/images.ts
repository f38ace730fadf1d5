import { availableParallelism } from 'node:os';
import type { Sharp, SharpOptions } from 'sharp';
import { WorkQueue } from './work-queue.ts';

/**
 * The largest image we decode: 25 megapixels, a 24 MP phone photo of a page with room to spare
 * and far beyond what a 512 px avatar needs. Decoding holds the whole image in memory for
 * formats that cannot be streamed (an interlaced PNG: ~100 MB at this size), so this limit times
 * IMAGE_CONCURRENCY bounds the memory image work can take. A 7000×7000 interlaced PNG (190 KB
 * on the wire, 49 MP) used to pass and took ~250 MB per upload.
 */
export const MAX_IMAGE_PIXELS = 25_000_000;

/** One decode per core; libvips' own threads are limited to one per image below. */
export const IMAGE_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism()));

export const imageQueue = new WorkQueue({
  concurrency: IMAGE_CONCURRENCY,
  maxWaiting: 32 * IMAGE_CONCURRENCY,
  what: 'images',
});

let loaded: Promise<typeof import('sharp').default> | null = null;

/**
 * sharp, loaded on first use (libvips is tens of MB) and set up for untrusted input: one
 * libvips thread per image, no operation cache holding decoded pixels between requests.
 */
export function loadSharp(): Promise<typeof import('sharp').default> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.concurrency(1);
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}

/**
 * Decodes `input` (a file path or bytes) with the pixel limit and sequential access, runs
 * `pipeline` on it and returns the encoded result, one decode per core at a time.
 */
export function processImage(
  input: string | Buffer,
  pipeline: (image: Sharp) => Sharp,
  options: Pick<SharpOptions, 'animated'> = {},
): Promise<Buffer> {
  return imageQueue.run(async () => {
    const sharp = await loadSharp();
    return pipeline(
      sharp(input, {
        ...options,
        limitInputPixels: MAX_IMAGE_PIXELS,
        sequentialRead: true,
        failOn: 'error',
      }),
    ).toBuffer();
  });
}
