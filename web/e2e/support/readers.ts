/// <reference types="node" />
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export function unique(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(0, 30);
}

/** Signs a new reader up through the form and waits for the home page. */
export async function signUp(page: Page, prefix = 'reader'): Promise<{ username: string; password: string }> {
  const username = unique(prefix);
  const password = 'correct horse battery';
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
  return { username, password };
}

export async function csrfHeaders(page: Page): Promise<Record<string, string>> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'bt_csrf')?.value ?? '';
  return { 'X-CSRF-Token': csrf };
}

/** A book in the catalog, shelved through the API with the given entry fields. */
export async function shelveBook(
  page: Page,
  entry: Record<string, unknown>,
  book: Record<string, unknown> = {},
): Promise<{ id: number; entryId: number; title: string }> {
  const headers = await csrfHeaders(page);
  const title = `Salt Roads ${unique('v')}`;
  const created = await page.request.post('/api/books', {
    data: {
      title,
      authors: ['Ines Alder'],
      pageCount: 880,
      language: 'en',
      publishedDate: '1990-09-01',
      ...book,
    },
    headers,
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  const shelved = await page.request.post('/api/library', { data: { bookId: id, ...entry }, headers });
  expect(shelved.status()).toBe(201);
  const { id: entryId } = (await shelved.json()) as { id: number };
  return { id, entryId, title: String(book.title ?? title) };
}
