import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

const scope = { sort: 'title', order: 'asc' as const, keyType: 'string' as const };

function expectInvalid(raw: string, s = scope) {
  try {
    decodeCursor(raw, s);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ statusCode: 400, code: 'invalid_cursor' });
    return;
  }
  throw new Error(`cursor ${raw} was accepted`);
}

describe('keyset cursors', () => {
  it('round-trip values (any text), nulls and integer keys as opaque base64url', () => {
    for (const key of ['', 'the hobbit', 'ünïcödé ✓ "quoted" \\ slash', 'x'.repeat(600)]) {
      const raw = encodeCursor(scope, { phase: 'values', key, id: 42 });
      expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(raw, scope)).toEqual({ phase: 'values', key, id: 42 });
    }
    const rating = { sort: 'rating', order: 'desc' as const, keyType: 'integer' as const };
    expect(decodeCursor(encodeCursor(rating, { phase: 'values', key: 9, id: 1 }), rating)).toEqual({
      phase: 'values',
      key: 9,
      id: 1,
    });
    expect(decodeCursor(encodeCursor(rating, { phase: 'nulls', key: null, id: 7 }), rating)).toEqual({
      phase: 'nulls',
      key: null,
      id: 7,
    });
  });

  it('refuses anything else with 400 invalid_cursor', () => {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expectInvalid('');
    expectInvalid('not base64!');
    expectInvalid(Buffer.from('{not json').toString('base64url'));
    expectInvalid(json({ s: 'title' }));
    expectInvalid(json(['title', 'asc', 0, 'a']));
    expectInvalid(json(['added', 'asc', 0, 'a', 1]));
    expectInvalid(json(['title', 'desc', 0, 'a', 1]));
    expectInvalid(json(['title', 'asc', 2, 'a', 1]));
    expectInvalid(json(['title', 'asc', 0, 5, 1]));
    expectInvalid(json(['title', 'asc', 0, null, 1]));
    expectInvalid(json(['title', 'asc', 1, 'a', 1]));
    expectInvalid(json(['title', 'asc', 0, 'a', 0]));
    expectInvalid(json(['title', 'asc', 0, 'a', 1.5]));
    expectInvalid(json(['title', 'asc', 0, 'a', '1']));
    expectInvalid(json(['rating', 'desc', 0, 4.5, 1]), {
      sort: 'rating',
      order: 'desc',
      keyType: 'integer',
    } as never);
  });
});
