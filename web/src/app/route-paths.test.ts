// @vitest-environment node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_MODULES } from './page-preloads';
import { APP_PATHS, isAppPath, matchAppPath } from './route-paths';

describe('route paths', () => {
  it('lists every path the router registers, so the server knows every page', () => {
    const router = readFileSync(path.join(import.meta.dirname, 'router.tsx'), 'utf8');
    const literal = [...router.matchAll(/path:\s*'([^']+)'/g)]
      .map((match) => match[1])
      .filter((p) => p !== '*');
    expect(literal, 'use APP_PATHS in router.tsx (and add new pages there)').toEqual([]);
    const named = [...router.matchAll(/path:\s*APP_PATHS\.(\w+)/g)].map((match) => match[1]);
    expect(new Set(named)).toEqual(new Set(Object.keys(APP_PATHS).filter((key) => key !== 'home')));
  });

  it('names the module router.tsx loads lazily for each page (the server preloads its chunks)', () => {
    const router = readFileSync(path.join(import.meta.dirname, 'router.tsx'), 'utf8');
    const lazy: Record<string, string> = {};
    for (const match of router.matchAll(
      /(?:path:\s*APP_PATHS\.(\w+)|index: true),\s*lazy: \(\) =>\s*import\('\.\.\/([^']+)'\)/g,
    )) {
      lazy[match[1] ?? 'home'] = `src/${match[2]}.tsx`;
    }
    expect(Object.keys(lazy).length).toBeGreaterThan(10);
    expect(PAGE_MODULES).toEqual(lazy);
  });

  it('tells the page and its parameters', () => {
    expect(matchAppPath('/books/12')).toEqual({ page: 'book', params: { id: '12' } });
    expect(matchAppPath('/library/')).toEqual({ page: 'library', params: {} });
    expect(matchAppPath('/')).toEqual({ page: 'home', params: {} });
    expect(matchAppPath('/u/iris')).toEqual({ page: 'user', params: { username: 'iris' } });
    expect(matchAppPath('/books/12/extra')).toBeNull();
  });

  it('matches pages and their parameters, nothing else', () => {
    for (const page of ['/', '/library', '/library/', '/books/12', '/u/iris', '/sign-in']) {
      expect(isAppPath(page), page).toBe(true);
    }
    for (const other of ['/nope', '/books', '/books/12/extra', '/u', '/library/x']) {
      expect(isAppPath(other), other).toBe(false);
    }
  });
});
