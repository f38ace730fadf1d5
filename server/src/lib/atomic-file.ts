import { randomBytes } from 'node:crypto';
import { copyFile, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/*
 * The one way files are written in place (uploads, backups, restores): to a temporary file on
 * the same file system, flushed, then renamed over the target and the folder flushed, so a
 * reader or a power cut sees all of the new file or the old one, never a part.
 */

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Renames a flushed temporary file over `target` (removing it on failure) and flushes the folder. */
async function commit(temp: string, target: string): Promise<void> {
  try {
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await fsyncDir(path.dirname(target));
}

/** A temporary name in `dir` (default: beside `target`); it must be on the target's file system. */
function tempName(target: string, dir?: string): string {
  const name = `${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`;
  return path.join(dir ?? path.dirname(target), name);
}

/** Writes `data` to `file` atomically; `tempDir` holds the temporary file when given. */
export async function writeFileAtomic(
  file: string,
  data: string | Buffer,
  options: { tempDir?: string } = {},
): Promise<void> {
  const temp = tempName(file, options.tempDir);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  await commit(temp, file);
}

/** Moves a finished temporary file (e.g. a received upload) to `target` atomically. */
export async function moveFileAtomic(temp: string, target: string): Promise<void> {
  await fsyncFile(temp);
  await commit(temp, target);
}

/** Copies `source` to `target` atomically; `beforeRename` runs last-minute clean-up. */
export async function copyFileAtomic(
  source: string,
  target: string,
  beforeRename: () => Promise<void> = async () => {},
): Promise<void> {
  const temp = tempName(target);
  try {
    await copyFile(source, temp);
    await fsyncFile(temp);
    await beforeRename();
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await commit(temp, target);
}
