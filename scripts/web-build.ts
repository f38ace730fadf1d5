import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Builds the web app when web/dist is missing or older than its sources. */
export function buildWebIfNeeded(): void {
  const builtAt = newestMtime(path.join(web, 'dist', 'index.html'));
  const sourcesAt = Math.max(
    newestMtime(path.join(web, 'src')),
    newestMtime(path.join(web, 'index.html')),
    newestMtime(path.join(web, 'vite.config.ts')),
    newestMtime(path.join(web, 'public')),
  );
  if (builtAt > 0 && builtAt >= sourcesAt) return;
  console.log(builtAt === 0 ? 'Building the web app (first start)…' : 'Web app sources changed; rebuilding…');
  const result = spawnSync('npm', ['run', 'build', '--workspace', 'web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The web app failed to build; the API will still start. Fix the error above and restart.');
  }
}
