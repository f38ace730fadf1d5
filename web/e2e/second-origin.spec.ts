/// <reference types="node" />
import { expect, expectAccessible, test } from './support/fixtures';

// The web app hosted apart: built with VITE_API_BASE_URL and served from http://localhost:<port + 4>
// (web/e2e/support/second-origin-server.ts) while the API listens on http://127.0.0.1:<port>, a
// different site. It signs in with a bearer token kept in memory; no cookie of the API's is needed.
const port = Number(process.env.E2E_PORT ?? 8123);
const secondOrigin = `http://localhost:${port + 4}`;
const apiOrigin = `http://127.0.0.1:${port}`;

test.skip(Boolean(process.env.E2E_BASE_URL), 'needs the second-origin server the config starts');
test.describe.configure({ timeout: 90_000 });

test('a web app on another origin signs up, adds a book by hand, sees it in the library and signs out', async ({
  page,
  context,
}) => {
  const username = `apart_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const title = `Harbour Lights ${username}`;
  const apiRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(apiOrigin)) apiRequests.push(request.url());
  });

  await page.goto(`${secondOrigin}/sign-up`);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill('Ada Apart');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();

  // A full page load would forget the in-memory token; navigate inside the app instead.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search by title, author or ISBN' }).fill(title);
  await page.getByRole('button', { name: 'Add it by hand' }).first().click();
  const form = page.getByRole('region', { name: 'Add a book by hand' });
  await expect(form.getByLabel('Title')).toHaveValue(title);
  await form.getByLabel('Authors').fill('Noor Haddad');
  await form.getByRole('button', { name: 'Add book' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`^${secondOrigin}/books/\\d+$`));

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your library' })).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expectAccessible(page, 'the library of a web app hosted apart');

  // Everything went to the API's origin, and no session cookie was needed or kept for it.
  expect(apiRequests.some((url) => url.startsWith(`${apiOrigin}/api/books`))).toBe(true);
  expect((await context.cookies(apiOrigin)).map((cookie) => cookie.name)).not.toContain('bt_session');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${secondOrigin}/sign-in`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  expect(await page.evaluate(() => document.cookie)).toBe('');
});
