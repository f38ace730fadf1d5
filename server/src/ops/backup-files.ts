import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface FileEntry {
  /** Relative to the backup folder, with forward slashes. */
  path: string;
  size: number;
  sha256: string;
}

/** Every regular file under `root`, relative, sorted; `skipTopLevel` names are left out at the top. */
export async function listFiles(root: string, skipTopLevel: string[] = []): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const entry of entries) {
      if (rel === '' && skipTopLevel.includes(entry.name)) continue;
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relPath);
      else if (entry.isFile()) out.push(relPath);
    }
  };
  await walk(root, '');
  return out.sort();
}

/**
 * Copies the files under `from` into `to`, leaving out `skipTopLevel` names and files already in
 * `to`. Files that vanish mid-copy are skipped: uploads are written atomically and never changed in
 * place, so each file is copied whole or not at all. Returns how many files it copied.
 */
export async function copyTree(from: string, to: string, skipTopLevel: string[] = []): Promise<number> {
  let copied = 0;
  for (const rel of await listFiles(from, skipTopLevel)) {
    const target = path.join(to, rel);
    if (await exists(target)) continue;
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await copyFile(path.join(from, rel), target, constants.COPYFILE_FICLONE);
      copied += 1;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return copied;
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Size and SHA-256 of a file, flushing it to disk on the way (backups must survive a power cut). */
export async function describeFile(root: string, rel: string): Promise<FileEntry> {
  const handle = await open(path.join(root, rel), 'r');
  try {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of handle.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
    await handle.sync();
    return { path: rel, size, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}
