/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

// A local https server stands in for a cover's host (its certificate is trusted by the e2e server
// through NODE_EXTRA_CA_CERTS, see playwright.config.ts); the browser must never ask it anything.
const support = new URL('./support/', import.meta.url);
let coverHost: Server;
let coverBase: string;
const coverHits: string[] = [];

test.beforeAll(async () => {
  const png = readFileSync(new URL('cover.png', support));
  coverHost = createServer(
    {
      key: readFileSync(new URL('test-tls.key', support)),
      cert: readFileSync(new URL('test-tls.crt', support)),
    },
    (req, res) => {
      coverHits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    },
  );
  await new Promise<void>((resolve) => coverHost.listen(0, '127.0.0.1', resolve));
  coverBase = `https://127.0.0.1:${(coverHost.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  coverHost.closeAllConnections();
  await new Promise((resolve) => coverHost.close(resolve));
});

function unique(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(0, 30);
}

async function signUp(page: Page): Promise<void> {
  const username = unique('cover');
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill('Cora Reader');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
}

async function api(page: Page, method: 'POST' | 'GET', url: string, data?: unknown) {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'bt_csrf')?.value ?? '';
  return page.request.fetch(url, { method, data, headers: { 'X-CSRF-Token': csrf } });
}

test('pages with covers (search results, library, book page) load nothing from outside the app’s origin', async ({
  page,
  baseURL,
}) => {
  await signUp(page);
  const title = `Harbour Lights ${unique('cv')}`;
  const created = await api(page, 'POST', '/api/books', {
    title,
    authors: ['Nell Ambrose'],
    coverUrl: `${coverBase}/harbour.png`,
  });
  expect(created.status()).toBe(201);
  const book = (await created.json()) as { id: number; coverUrl: string | null };
  // The add never waits for the cover; the background job fetches it once, then it is ours.
  expect(book.coverUrl).toBeNull();
  await expect
    .poll(
      async () =>
        ((await (await api(page, 'GET', `/api/books/${book.id}`)).json()) as { coverUrl: string | null })
          .coverUrl,
      {
        timeout: 20_000,
      },
    )
    .toMatch(/^\/media\/covers\//);
  expect((await api(page, 'POST', '/api/library', { bookId: book.id })).status()).toBe(201);

  const origin = new URL(baseURL ?? '').origin;
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));

  await page.goto('/search');
  await page.getByRole('searchbox', { name: 'Search by title, author or ISBN' }).fill(title);
  const result = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
  await expect(result.getByRole('img', { name: `Cover of ${title}` })).toBeVisible();

  await page.goto('/library');
  // The shelf's cover is decorative there (the card's link names the book).
  await expect(page.locator(`img[alt="Cover of ${title}"]`)).toBeVisible();

  await page.goto(`/books/${book.id}`);
  const cover = page.getByRole('img', { name: `Cover of ${title}` });
  await expect(cover).toBeVisible();
  await expect
    .poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  expect(await cover.getAttribute('src')).toMatch(/\/media\/covers\/\d+-[a-f0-9]{16}-l\.webp$/);

  const covers = requested.filter((url) => url.includes('/media/covers/'));
  expect(covers.length).toBeGreaterThan(0);
  const elsewhere = requested.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
  expect(elsewhere).toEqual([]);
  // Only the server asked the cover's host, and only once.
  expect(coverHits).toEqual(['/harbour.png']);
});
