// The initial-JavaScript budget: the gzip size of every script web/dist/index.html loads before
// the first page can render (its module entry and the modulepreloads), at most 150 KB. Builds the
// web app first when its sources are newer than the build. Run by `npm run check` and .ci/run.
// Also prints, for the pages Lighthouse measures, the entry plus the page's own chunks the server
// preloads with it (page-preloads.json): what a phone fetches before that page shows.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWebIfNeeded } from './web-build.ts';

const BUDGET_BYTES = 150 * 1024;
const dist = path.resolve(import.meta.dirname, '..', 'web', 'dist');

buildWebIfNeeded();
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const scripts = [
  ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
  ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g),
].map((match) => match[1] ?? '');

const gzipped = (src: string) =>
  gzipSync(readFileSync(path.join(dist, src.replace(/^\//, ''))), { level: 9 }).length;
let total = 0;
for (const src of new Set(scripts)) {
  const bytes = gzipped(src);
  total += bytes;
  console.log(`${(bytes / 1024).toFixed(1).padStart(7)} KB  ${src}`);
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(
  `${(total / 1024).toFixed(1).padStart(7)} KB  initial JavaScript, gzip (${verdict} the 150 KB budget)`,
);
const preloadFile = path.join(dist, 'page-preloads.json');
if (existsSync(preloadFile)) {
  const { modules } = JSON.parse(readFileSync(preloadFile, 'utf8')) as { modules: Record<string, string[]> };
  for (const page of ['signIn', 'home', 'library', 'book']) {
    const files = modules[page] ?? [];
    const pageBytes = files.reduce((sum, file) => sum + gzipped(file), 0);
    console.log(
      `${((total + pageBytes) / 1024).toFixed(1).padStart(7)} KB  with the ${page} page's ${files.length} preloaded chunks (${(pageBytes / 1024).toFixed(1)} KB)`,
    );
  }
}
if (total > BUDGET_BYTES) process.exit(1);
