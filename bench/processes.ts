/** Child processes of the harness: servers under test, baselines, load runs, and RSS sampling. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SERVER_NODE_FLAGS, serverEnvironment } from '../server/src/launch.ts';
import { BENCH_DIR } from './dataset.ts';
import type { LoadResult, LoadSpec } from './load.ts';

export interface RunningServer {
  pid: number;
  port: number;
  baseUrl: string;
  /** The last lines the process wrote, for error messages. */
  output(): string;
  /** How the process ended, or null while it runs. */
  exit(): string | null;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function keepTail(child: ChildProcess, copyTo?: string): () => string {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    if (copyTo) appendFileSync(copyTo, chunk);
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => lines.join('\n');
}

function exitOf(child: ChildProcess): () => string | null {
  return () =>
    child.exitCode !== null
      ? `exit code ${child.exitCode}`
      : child.signalCode !== null
        ? `signal ${child.signalCode}`
        : null;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** Starts a bench server script that reads its JSON config on stdin and prints {"port": n}. */
export function startScriptServer(script: string, config: unknown): Promise<RunningServer> {
  // The baselines (bare server, floors) run on the same Node options as the app (launch.ts), so
  // that what differs is the framework and the app's code, not the runtime: with V8's default
  // young generation (up to 64 MB semi-spaces here, against the app's 8 MB at the time) a floor
  // scavenged ~3× less often. BENCH_BASELINE_NODE_FLAGS adds options, as BENCH_APP_NODE_FLAGS
  // does for the app, and BENCH_BASELINE_OUTPUT names a file that gets all their output.
  const extra = process.env.BENCH_BASELINE_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...extra, path.join(BENCH_DIR, script)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(JSON.stringify(config));
  const output = keepTail(child, process.env.BENCH_BASELINE_OUTPUT);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output()}`)));
    // The first line that is a JSON object names the port (a Node option such as --trace-gc may
    // print before it).
    const onLine = (line: string) => {
      if (!line.startsWith('{')) return;
      lines.off('line', onLine);
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        pid: child.pid as number,
        port,
        baseUrl: `http://127.0.0.1:${port}`,
        output,
        exit: exitOf(child),
        stop: stopper(child),
      });
    };
    lines.on('line', onLine);
  });
}

/**
 * Starts the production server as `npm start` runs it (server/src/launch.ts: its Node options and
 * environment) and waits until /readyz answers 200.
 */
export async function startAppServer(env: Record<string, string>, cwd: string): Promise<RunningServer> {
  const port = await freePort();
  const script = path.resolve(BENCH_DIR, '../server/src/server.ts');
  // More Node options for the app only, e.g. BENCH_APP_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'
  // (the profile is written when the harness stops the server).
  const extra = process.env.BENCH_APP_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...extra, script], {
    cwd,
    env: serverEnvironment({
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // BENCH_APP_OUTPUT names a file that gets all the app's output (e.g. with --trace-gc).
  const output = keepTail(child, process.env.BENCH_APP_OUTPUT);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the server exited with ${exited}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.ok) {
        return { pid: child.pid as number, port, baseUrl, output, exit: exitOf(child), stop: stopper(child) };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`the server was not ready within 120 s:\n${output()}`);
}

/** Runs one load in a separate process (bench/load.ts). */
export function runLoadProcess(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(BENCH_DIR, 'load.ts')], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the load process exited with ${code}: ${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as LoadResult);
      } catch {
        reject(new Error(`the load process answered no result: ${stdout} ${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(spec));
  });
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux); NaN when unreadable. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of a process in MB, from /proc/<pid>/status (Linux); NaN when unreadable. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; returns the largest sample. */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number } {
  let max = rssMb(pid);
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (!Number.isNaN(now)) max = Number.isNaN(max) ? now : Math.max(max, now);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const last = rssMb(pid);
      return Number.isNaN(last) ? max : Math.max(max, last);
    },
  };
}
