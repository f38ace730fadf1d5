/**
 * Builds the web app for another origin than the API's (`VITE_API_BASE_URL`) and serves the
 * build from a tiny static server, as a web app hosted apart would be (web/e2e/second-origin.spec.ts).
 * Usage: node web/e2e/support/second-origin-server.ts <port> <api base URL>
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [portArg, apiBaseUrl] = process.argv.slice(2);
if (!portArg || !apiBaseUrl) throw new Error('usage: second-origin-server.ts <port> <api base URL>');
const webDir = fileURLToPath(new URL('../..', import.meta.url));
const outDir = mkdtempSync(path.join(tmpdir(), 'book-tracker-second-origin-'));

const build = spawnSync(
  'npx',
  ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
  {
    cwd: webDir,
    env: { ...process.env, VITE_API_BASE_URL: apiBaseUrl },
    stdio: 'inherit',
  },
);
if (build.status !== 0) throw new Error(`vite build failed (${build.status ?? build.signal})`);

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
};

function fileFor(urlPath: string): string {
  const file = path.join(outDir, path.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, ''));
  try {
    if (file.startsWith(outDir) && statSync(file).isFile()) return file;
  } catch {
    // Not a file of the build: a page path, answered by the app shell.
  }
  return path.join(outDir, 'index.html');
}

createServer((request, response) => {
  const file = fileFor(new URL(request.url ?? '/', 'http://localhost').pathname);
  response.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
  response.end(readFileSync(file));
}).listen(Number(portArg), 'localhost');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    rmSync(outDir, { recursive: true, force: true });
    process.exit(0);
  });
}
