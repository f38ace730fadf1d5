import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
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

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a file via a temporary sibling, fsync and rename, so readers see all of it or nothing. */
export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await fsyncDir(path.dirname(file));
}

/** Copies a file via a temporary sibling of `target`, fsync and rename; `beforeRename` runs last-minute clean-up. */
export async function copyFileAtomic(
  source: string,
  target: string,
  beforeRename: () => Promise<void> = async () => {},
): Promise<void> {
  const temp = `${target}.restore-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await copyFile(source, temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await beforeRename();
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await fsyncDir(path.dirname(target));
}
