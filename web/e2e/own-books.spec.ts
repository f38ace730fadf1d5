/// <reference types="node" />
import type { Browser, Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';

test.describe.configure({ timeout: 90_000 });

function unique(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(0, 30);
}

async function signUp(page: Page): Promise<string> {
  const username = unique('own');
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill('Owen Reader');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
  return username;
}

async function createBook(page: Page, book: Record<string, unknown>) {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'bt_csrf')?.value ?? '';
  const response = await page.request.post('/api/books', { data: book, headers: { 'X-CSRF-Token': csrf } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: number; title: string };
}

async function otherReader(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page);
  return page;
}

test('the reader who added a book edits and deletes it; others see no such buttons', async ({
  page,
  browser,
}) => {
  await signUp(page);
  const title = `Drafted Shores ${unique('ed')}`;
  const book = await createBook(page, { title, authors: ['Iva Lind'], pageCount: 200 });

  // Another reader cannot even open it: it is not in the shared catalog and no entry of theirs uses it.
  const other = await otherReader(browser);
  await other.goto(`/books/${book.id}`);
  await expect(other.getByRole('heading', { level: 1, name: 'Book not found' })).toBeVisible();
  await expect(other.getByRole('button', { name: 'Edit book' })).toHaveCount(0);
  await other.context().close();

  await page.goto(`/books/${book.id}`);
  const tools = page.getByRole('region', { name: 'Your book' });
  await expect(tools).toBeVisible();
  await tools.getByRole('button', { name: 'Edit book' }).click();
  const form = tools.getByRole('form', { name: 'Edit book' });
  await form.getByLabel('Title').fill(`${title} (revised)`);
  await form.getByLabel('New cover image address').fill('http://example.com/c.jpg');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByLabel('New cover image address')).toHaveAccessibleDescription(/https/);
  await form.getByLabel('New cover image address').fill('');
  await expectAccessible(page, 'book edit form');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${title} (revised)` })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Saved your changes' })).toBeVisible();

  await tools.getByRole('button', { name: 'Delete book' }).click();
  await expect(tools.getByText(/for good\?/)).toBeFocused();
  await tools.getByRole('button', { name: 'Keep it' }).click();
  await tools.getByRole('button', { name: 'Delete book' }).click();
  await tools.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Deleted “${title} (revised)”.` })).toBeVisible();
  await expect(page).toHaveURL(/\/library/);
  const gone = await page.request.get(`/api/books/${book.id}`);
  expect(gone.status()).toBe(404);
});
