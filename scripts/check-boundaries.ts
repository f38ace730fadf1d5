/**
 * The feature boundary rule: code outside `server/src/features/<f>/` may import that feature only
 * through its face, `features/<f>/index.ts`. Biome's noRestrictedImports matches import strings,
 * not resolved files, so it cannot say "another feature's folder, anything but index.ts" for
 * every feature at once (and for features added later); resolving each relative import can.
 * Run by `npm run lint`; exits 1 and lists every violation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx|mts)$/;
const SKIP = new Set(['node_modules', 'dist', '.git', 'results']);

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full;
  }
}

/** The feature folder a file lives in (`books` for `…/features/books/providers/x.ts`), or null. */
function featureOf(featuresDir: string, file: string): string | null {
  const relative = path.relative(featuresDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const [feature, ...rest] = relative.split(path.sep);
  return feature && rest.length > 0 ? feature : null;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string;
}

/** Every import in `dirs` (relative to `root`) that reaches past another feature's face. */
export function findBoundaryViolations(root: string, dirs: string[]): Violation[] {
  const featuresDir = path.join(root, 'server/src/features');
  const violations: Violation[] = [];
  for (const dir of dirs) {
    for (const file of sourceFiles(path.join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      const own = featureOf(featuresDir, file);
      const info = ts.preProcessFile(text, true, true);
      for (const ref of info.importedFiles) {
        if (!ref.fileName.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), ref.fileName);
        const feature = featureOf(featuresDir, target);
        if (feature === null || feature === own) continue;
        if (target === path.join(featuresDir, feature, 'index.ts')) continue;
        const line = text.slice(0, ref.pos).split('\n').length;
        violations.push({ file: path.relative(root, file), line, specifier: ref.fileName });
      }
    }
  }
  return violations;
}

const CHECKED = ['server/src', 'server/test', 'bench', 'scripts'];

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, '..');
  const violations = findBoundaryViolations(root, CHECKED);
  for (const v of violations) {
    console.error(
      `${v.file}:${v.line}: imports "${v.specifier}", another feature's internals; import its index.ts instead`,
    );
  }
  if (violations.length > 0) {
    console.error(`\n${violations.length} import(s) cross a feature boundary (see docs/architecture.md).`);
    process.exit(1);
  }
  console.log('Feature boundaries: every cross-feature import goes through a face (index.ts).');
}
