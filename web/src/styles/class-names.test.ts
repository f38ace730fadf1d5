// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// A class name that matches no rule fails silently in the browser; these checks make it fail here.
const src = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function classesIn(css: string): Set<string> {
  return new Set(
    [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1] ?? ''),
  );
}

// Vite's `localsConvention: 'camelCaseOnly'`: `.search-result__title` is `styles.searchResultTitle`.
const camel = (name: string) => name.replace(/[-_]+(\w)/g, (_, letter: string) => letter.toUpperCase());

const files = sources(src);
const globalClasses = classesIn(readFileSync(path.join(src, 'styles/base.css'), 'utf8'));

describe('class names', () => {
  it('every class written as a string is one of the global base classes (others live in a CSS module)', () => {
    const unknown: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/className="([^"]*)"/g)) {
        for (const name of (match[1] ?? '').split(/\s+/).filter(Boolean)) {
          if (!globalClasses.has(name)) unknown.push(`${path.relative(src, file)}: ${name}`);
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  it('every class a component reads from a CSS module is defined in that module', () => {
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [, alias, specifier] of text.matchAll(/import (\w+) from '([^']+\.module\.css)';/g)) {
        if (!alias || !specifier) continue;
        const defined = new Set(
          [...classesIn(readFileSync(path.resolve(path.dirname(file), specifier), 'utf8'))].map(camel),
        );
        for (const [, key] of text.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, 'g'))) {
          if (key && !defined.has(key)) missing.push(`${path.relative(src, file)}: ${alias}.${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
