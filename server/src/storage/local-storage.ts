import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { moveFileAtomic, writeFileAtomic } from '../lib/atomic-file.ts';

export class FileTooLargeError extends Error {}

const SAFE_KEY = /^[a-z0-9_-]+(\/[a-z0-9_-]+)*\.[a-z0-9]+$/;

/**
 * Files on local disk under one root. Keys are relative paths with random names that the
 * application makes; every write goes to a temporary file, is fsynced, then renamed.
 */
export class LocalStorage {
  readonly root: string;
  readonly #tmpDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.#tmpDir = path.join(this.root, '.tmp');
  }

  static randomName(extension: string): string {
    return `${randomBytes(16).toString('hex')}.${extension}`;
  }

  resolve(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`Unsafe storage key: ${key}`);
    return path.join(this.root, key);
  }

  async ensure(): Promise<void> {
    await mkdir(this.#tmpDir, { recursive: true });
  }

  /** Streams into a temporary file, stopping at `maxBytes`. The caller moves or removes it. */
  async receive(stream: Readable, maxBytes: number): Promise<{ tempPath: string; size: number }> {
    await this.ensure();
    const tempPath = path.join(this.#tmpDir, `${randomBytes(12).toString('hex')}.part`);
    let size = 0;
    const counter = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > maxBytes) throw new FileTooLargeError('file too large');
        yield chunk;
      }
    };
    try {
      await pipeline(stream, counter, createWriteStream(tempPath, { mode: 0o600 }));
    } catch (err) {
      await rm(tempPath, { force: true });
      throw err;
    }
    return { tempPath, size };
  }

  /** Writes bytes atomically under `key`. */
  async write(key: string, data: Buffer): Promise<void> {
    const target = this.resolve(key);
    await this.ensure();
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, data, { tempDir: this.#tmpDir });
  }

  /** Moves a received temporary file under `key`, fsyncing it first. */
  async moveFrom(tempPath: string, key: string): Promise<void> {
    const target = this.resolve(key);
    await mkdir(path.dirname(target), { recursive: true });
    await moveFileAtomic(tempPath, target);
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.resolve(key))).isFile();
    } catch {
      return false;
    }
  }

  /** The file's bytes, or the inclusive byte range `start..end` of them. */
  read(key: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.resolve(key), range);
  }

  /** The files directly under a folder key, with when each was last written. */
  async list(folder: string): Promise<{ key: string; modifiedAt: Date }[]> {
    if (!/^[a-z0-9_-]+$/.test(folder)) throw new Error(`Unsafe storage folder: ${folder}`);
    let names: string[];
    try {
      names = await readdir(path.join(this.root, folder));
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return [];
      throw err;
    }
    const files: { key: string; modifiedAt: Date }[] = [];
    for (const name of names) {
      const key = `${folder}/${name}`;
      if (!SAFE_KEY.test(key)) continue;
      try {
        const info = await stat(path.join(this.root, key));
        if (info.isFile()) files.push({ key, modifiedAt: info.mtime });
      } catch {
        // Removed while listing.
      }
    }
    return files;
  }

  async remove(key: string | null | undefined): Promise<void> {
    if (!key) return;
    await rm(this.resolve(key), { force: true });
  }

  /** Removes every temporary file; run at start, before anything writes. Returns how many. */
  async sweepTemp(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.#tmpDir);
    } catch {
      return 0;
    }
    await Promise.all(
      names.map((name) => rm(path.join(this.#tmpDir, name), { force: true, recursive: true })),
    );
    return names.length;
  }

  async removeTemp(tempPath: string): Promise<void> {
    await rm(tempPath, { force: true });
  }
}
