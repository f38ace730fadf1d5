import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBoundaryViolations } from './check-boundaries.ts';

const root = mkdtempSync(path.join(tmpdir(), 'bt-boundaries-'));
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the feature boundary check', () => {
  it('refuses imports of another feature’s internals, from features and from outside', () => {
    write('server/src/features/books/index.ts', "export { x } from './books.service.ts';\n");
    write('server/src/features/books/books.service.ts', 'export const x = 1;\n');
    write('server/src/features/books/providers/p.ts', "import { x } from '../books.service.ts';\n");
    write(
      'server/src/features/library/library.service.ts',
      "import { x } from '../books/index.ts';\nimport type { y } from '../books/books.service.ts';\n",
    );
    write('server/src/features/library/deep/a.ts', "export * from '../../books/providers/p.ts';\n");
    write('server/src/app.ts', "const m = await import('./features/books/books.service.ts');\n");
    write('server/src/services.ts', "import { x } from './features/books/index.ts';\n");
    expect(findBoundaryViolations(root, ['server/src'])).toEqual([
      { file: 'server/src/app.ts', line: 1, specifier: './features/books/books.service.ts' },
      { file: 'server/src/features/library/deep/a.ts', line: 1, specifier: '../../books/providers/p.ts' },
      {
        file: 'server/src/features/library/library.service.ts',
        line: 2,
        specifier: '../books/books.service.ts',
      },
    ]);
  });

  it('passes on this repository', () => {
    expect(
      findBoundaryViolations(path.resolve(import.meta.dirname, '..'), [
        'server/src',
        'server/test',
        'bench',
        'scripts',
      ]),
    ).toEqual([]);
  });
});
