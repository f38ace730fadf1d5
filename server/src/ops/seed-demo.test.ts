import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createTestEnv } from '../../test/helpers.ts';
import { isValidIsbn13 } from '../features/books/index.ts';
import { exists } from './backup-files.ts';
import {
  DEMO_BOOKS,
  DEMO_PASSWORD,
  DEMO_READERS,
  DEMO_SEED_STEPS,
  type SeedStep,
  seedDemo,
} from './seed-demo.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('seed demo', () => {
  it('creates readers with profiles and avatars, books and shelves, once', async () => {
    const first = await seedDemo(t.config, t.database);
    expect(first.alreadySeeded).toBe(false);
    expect(first.password).toBe(DEMO_PASSWORD);
    expect(first.created).toMatchObject({ readers: 3, avatars: 3, books: DEMO_BOOKS.length });
    expect(first.created['library entries']).toBeGreaterThan(0);
    // 3 journal entries, 3 notes and 1 attachment.
    expect(first.created['journals and notes']).toBe(7);

    for (const reader of DEMO_READERS) {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: reader.username, password: DEMO_PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const me = login.json().user;
      expect(me).toMatchObject({ displayName: reader.displayName, bio: reader.bio, privacy: reader.privacy });
      expect(me.avatarUrl).toMatch(/^\/media\/avatars\/[a-f0-9]{32}\.webp$/);
      expect(await exists(path.join(t.config.uploadDir, me.avatarUrl.replace('/media/', '')))).toBe(true);
    }

    const token = (
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: 'demo_ada', password: DEMO_PASSWORD },
      })
    ).json().token.accessToken;
    const notes = await t.app.inject({
      method: 'GET',
      url: '/api/notes',
      headers: { authorization: `Bearer ${token}` },
    });
    const withFile = notes.json().items.find((n: { attachments: unknown[] }) => n.attachments.length > 0);
    expect(withFile.attachments[0]).toMatchObject({
      mimeType: 'image/png',
      fileName: 'middlemarch-p312.png',
    });
    const picture = await t.app.inject({
      method: 'GET',
      url: withFile.attachments[0].url,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(picture.statusCode).toBe(200);
    const journal = await t.app.inject({ method: 'GET', url: '/api/users/demo_ada/journals' });
    expect(journal.json().items).toHaveLength(1);

    for (const book of DEMO_BOOKS) {
      expect(isValidIsbn13(book.isbn13)).toBe(true);
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/books/isbn/${book.isbn13}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        title: book.title,
        authors: book.authors,
        pageCount: book.pageCount,
        source: 'manual',
      });
    }
    const shelf = await t.app.inject({
      method: 'GET',
      url: '/api/library',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(shelf.statusCode).toBe(200);
    expect(shelf.json().items.length).toBeGreaterThan(0);
    // Demo readers follow each other, and their feed is a history spread over past weeks.
    const feed = await t.app.inject({
      method: 'GET',
      url: '/api/feed?limit=100',
      headers: { authorization: `Bearer ${token}` },
    });
    const items = feed.json().items as { type: string; actor: { username: string }; createdAt: string }[];
    expect(new Set(items.map((i) => i.actor.username)).size).toBeGreaterThan(1);
    // Shelf history is spread over past weeks; the demo journal entries are written today.
    const shelfItems = items.filter((i) => i.type !== 'journal_entry');
    expect(shelfItems.length).toBeGreaterThan(0);
    expect(shelfItems.every((i) => Date.now() - Date.parse(i.createdAt) > 24 * 3600 * 1000)).toBe(true);
    expect(items.some((i) => i.type === 'journal_entry')).toBe(true);

    const users = await t.database.db.selectFrom('users').select('id').execute();
    const second = await seedDemo(t.config, t.database);
    expect(second.alreadySeeded).toBe(true);
    expect(Object.values(second.created).every((n) => n === 0)).toBe(true);
    expect(await t.database.db.selectFrom('users').select('id').execute()).toHaveLength(users.length);
  });

  it('runs extra steps after the built-in ones, sharing what they found', async () => {
    const seen: string[] = [];
    const extra: SeedStep = {
      name: 'follows',
      async run(ctx) {
        seen.push(...ctx.readers.keys());
        return ctx.books.size;
      },
    };
    const result = await seedDemo(t.config, t.database, { steps: [...DEMO_SEED_STEPS, extra] });
    expect(seen).toEqual(DEMO_READERS.map((r) => r.username));
    expect(result.created.follows).toBe(DEMO_BOOKS.length);
    expect(result.alreadySeeded).toBe(false);
  });

  it('refuses production without --force, and an unmigrated database', async () => {
    const production = { ...t.config, isProduction: true, nodeEnv: 'production' as const };
    await expect(seedDemo(production, t.database)).rejects.toThrow(/not seeded in production/);
    const fresh = await createTestEnv({}, { migrate: false });
    try {
      await expect(seedDemo(fresh.config, fresh.database)).rejects.toThrow(/pending migration/);
    } finally {
      await fresh.cleanup();
    }
  });
});
