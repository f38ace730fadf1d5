import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../test/factories.ts';
import { buildTestApp, registerUser, type TestUser } from '../../test/helpers.ts';
import { findForbiddenControl, isAcceptableName } from '../lib/text-rules.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let reader: TestUser;
let entryId: number;

beforeAll(async () => {
  t = await buildTestApp();
  reader = await registerUser(t.app, { displayName: 'Plain Reader' });
  const book = await buildBook(t.database.db, { title: 'A Plain Book' });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/library',
    headers: reader.auth,
    payload: { bookId: book.id, status: 'read', rating: 4, tags: ['kept'], review: 'fine' },
  });
  expect(created.statusCode).toBe(201);
  entryId = created.json().id;
});
afterAll(async () => {
  await t.close();
});

function expectFieldError(res: { statusCode: number; json(): unknown }, field: string) {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(400);
  const body = res.json() as { error: { code: string; details: Record<string, string> } };
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.details).toHaveProperty([field]);
}

describe('control characters', () => {
  it('are refused in bodies with 400 naming the field, without signing in too', async () => {
    expectFieldError(
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: 'a\u0000b', password: 'x' },
      }),
      'login',
    );
    for (const [field, value] of [
      ['bio', 'hello\u0000world'],
      ['displayName', 'Evil\u001b[31mRed'],
      ['bio', 'bell\u0007'],
      ['bio', 'c1\u009b2J'],
    ] as const) {
      expectFieldError(
        await t.app.inject({
          method: 'PATCH',
          url: '/api/me',
          headers: reader.auth,
          payload: { [field]: value },
        }),
        field,
      );
    }
    expectFieldError(
      await t.app.inject({
        method: 'PATCH',
        url: `/api/library/${entryId}`,
        headers: reader.auth,
        payload: { tags: ['ok', 'no\u0000pe'] },
      }),
      'tags.1',
    );
    expectFieldError(
      await t.app.inject({
        method: 'POST',
        url: '/api/books',
        headers: reader.auth,
        payload: { title: 'T\u0000', authors: ['A'] },
      }),
      'title',
    );
    // Nothing changed.
    const me = (await t.app.inject({ url: '/api/me', headers: reader.auth })).json();
    expect(me.bio).toBe('');
    expect(me.displayName).toBe('Plain Reader');
    const entry = (await t.app.inject({ url: `/api/library/${entryId}`, headers: reader.auth })).json();
    expect(entry.tags).toEqual(['kept']);
  });

  it('keep tabs and line breaks in longer text', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/library/${entryId}`,
      headers: reader.auth,
      payload: { review: 'first line\n\tsecond line\r\n' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().review).toBe('first line\n\tsecond line\r\n');
  });

  it('are refused in path parameters and query strings', async () => {
    expectFieldError(await t.app.inject({ url: '/api/users/a%00b' }), 'username');
    expectFieldError(await t.app.inject({ url: '/api/library?tag=x%00y', headers: reader.auth }), 'tag');
    expectFieldError(await t.app.inject({ url: '/api/books/search?q=%1b%5b2J', headers: reader.auth }), 'q');
  });

  it('are refused inside a cursor', async () => {
    // A well-formed cursor for the title sort whose key holds a NUL.
    const cursor = Buffer.from(JSON.stringify(['title', 'asc', 0, 'a\u0000b', 1])).toString('base64url');
    const res = await t.app.inject({
      url: `/api/library?sort=title&order=asc&cursor=${cursor}`,
      headers: reader.auth,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toHaveProperty('cursor');
  });
});

describe('names', () => {
  it('refuse bidirectional overrides and names with nothing visible', async () => {
    for (const name of ['evil\u202Egpj.exe', 'iso\u2067late', '\u200B\u200B', ' \u200D\uFEFF ', '\u3164']) {
      expectFieldError(
        await t.app.inject({
          method: 'PATCH',
          url: '/api/me',
          headers: reader.auth,
          payload: { displayName: name },
        }),
        'displayName',
      );
    }
    expectFieldError(
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: {
          email: 'bidi@example.test',
          username: 'bidi_reader',
          password: 'long enough pw',
          displayName: 'a\u202Db',
        },
      }),
      'displayName',
    );
    expectFieldError(
      await t.app.inject({
        method: 'POST',
        url: '/api/books',
        headers: reader.auth,
        payload: { title: 'Fine', authors: ['\u200B'] },
      }),
      'authors.0',
    );
  });

  it('accept right-to-left scripts, emoji and joiners inside visible text', async () => {
    for (const name of ['مريم', 'שָׁלוֹם', 'Zoë 👩‍👩‍👧', 'a\u200Db']) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: '/api/me',
        headers: reader.auth,
        payload: { displayName: name },
      });
      expect(res.statusCode, name).toBe(200);
      expect(res.json().displayName).toBe(name);
    }
  });
});

describe('types', () => {
  it('are never coerced in bodies', async () => {
    for (const payload of [{ rating: true }, { tags: 'x' }, { rating: '4' }, { progressPages: '12' }]) {
      const field = Object.keys(payload)[0] as string;
      expectFieldError(
        await t.app.inject({
          method: 'PATCH',
          url: `/api/library/${entryId}`,
          headers: reader.auth,
          payload,
        }),
        field,
      );
    }
    for (const payload of [{ bio: ['x'] }, { bio: null }, { bio: 12 }]) {
      expectFieldError(
        await t.app.inject({ method: 'PATCH', url: '/api/me', headers: reader.auth, payload }),
        'bio',
      );
    }
    const entry = (await t.app.inject({ url: `/api/library/${entryId}`, headers: reader.auth })).json();
    expect(entry.rating).toBe(4);
    expect(entry.tags).toEqual(['kept']);
  });

  it('are parsed from plain text in query strings and paths, and only from plain text', async () => {
    const ok = await t.app.inject({ url: '/api/library?limit=5', headers: reader.auth });
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/library/${entryId}`, headers: reader.auth })).statusCode).toBe(
      200,
    );
    for (const limit of ['5abc', '1e1', '0x5', '%205', '']) {
      expectFieldError(
        await t.app.inject({ url: `/api/library?limit=${limit}`, headers: reader.auth }),
        'limit',
      );
    }
    expectFieldError(
      await t.app.inject({ url: '/api/library?limit=5&limit=6', headers: reader.auth }),
      'limit',
    );
    expectFieldError(await t.app.inject({ url: '/api/library/1e0', headers: reader.auth }), 'id');
  });

  it('refuses a body declared in another charset than UTF-8', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { ...reader.auth, 'content-type': 'application/json; charset=utf-16' },
      payload: Buffer.from(JSON.stringify({ bio: 'x' }), 'utf16le'),
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
    const utf8 = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { ...reader.auth, 'content-type': 'application/json; charset=UTF-8' },
      payload: JSON.stringify({ bio: 'x' }),
    });
    expect(utf8.statusCode).toBe(200);
  });
});

describe('text rules', () => {
  it('name the first offending field, keys included, without recursion limits', () => {
    expect(findForbiddenControl({ a: 'ok', b: ['fine', { c: 'x\u0001' }] })).toBe('b.1.c');
    expect(findForbiddenControl({ 'k\u0000': 1 })).toBe('body');
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findForbiddenControl(deep)?.startsWith('0.0.0')).toBe(true);
    expect(isAcceptableName('Ada')).toBe(true);
    expect(isAcceptableName('line\nbreak')).toBe(false);
  });
});
