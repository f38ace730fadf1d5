import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';

const WRITER = path.join(import.meta.dirname, 'writer.ts');

export interface Writer {
  /** How many writes have been committed (and reported) so far. */
  committed(): number;
  /** Resolves once at least `n` writes are committed. */
  waitFor(n: number): Promise<void>;
  /** Stops the writer and resolves with the number of its last committed write. */
  stop(): Promise<number>;
}

/** Starts `writer.ts` as a separate process writing into the database at `url`. */
export function startWriter(url: string): Writer {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [WRITER, url], { stdio: 'pipe' });
  let committed = 0;
  let buffer = '';
  let stderr = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (/^\d+$/.test(line)) committed = Number(line);
    }
    for (const w of waiters.splice(0)) {
      if (committed >= w.n) w.resolve();
      else waiters.push(w);
    }
  });
  return {
    committed: () => committed,
    waitFor(n) {
      if (committed >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiters.push({ n, resolve });
        void exited.then((code) =>
          reject(new Error(`writer exited (${code}) before ${n} writes: ${stderr}`)),
        );
      });
    },
    async stop() {
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new Error(`writer failed (${code}): ${stderr}`);
      return committed;
    },
  };
}
