/// <reference types="node" />
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';

test.describe.configure({ timeout: 90_000 });

function unique(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(0, 30);
}

async function signUp(page: Page): Promise<void> {
  const username = unique('keep');
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
}

/** A book being read since 2026-10-15, 500 of 880 pages in, shelved through the API. */
async function bookInProgress(page: Page): Promise<{ id: number; title: string }> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'bt_csrf')?.value ?? '';
  const headers = { 'X-CSRF-Token': csrf };
  const title = `Salt Roads ${unique('v')}`;
  const created = await page.request.post('/api/books', {
    data: { title, authors: ['Ines Alder'], pageCount: 880, language: 'en', publishedDate: '1990-09-01' },
    headers,
  });
  const book = (await created.json()) as { id: number };
  const shelved = await page.request.post('/api/library', {
    data: { bookId: book.id, status: 'currently_reading', startedOn: '2026-10-15', progressPages: 500 },
    headers,
  });
  expect(shelved.status()).toBe(201);
  return { id: book.id, title };
}

test('moving a book to Want to read and back keeps its start date and progress; Undo puts a move back', async ({
  page,
}) => {
  await signUp(page);
  const book = await bookInProgress(page);
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  await expect(reading.getByLabel('Started')).toHaveValue('2026-10-15');
  await expect(reading.getByLabel('Pages read')).toHaveValue('500');

  await reading.getByRole('button', { name: 'Want to read' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Moved to Want to read.' })).toBeVisible();
  await reading.getByRole('button', { name: 'Reading', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Moved to Reading.' })).toBeVisible();
  await expect(reading.getByLabel('Started')).toHaveValue('2026-10-15');
  await expect(reading.getByLabel('Pages read')).toHaveValue('500');

  await reading.getByRole('button', { name: 'Read', exact: true }).click();
  const moved = page.getByRole('status').filter({ hasText: 'Moved to Read.' });
  await expect(moved).toBeVisible();
  await expect(reading.getByLabel('Pages read')).toHaveValue('880');
  await moved.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Back on Reading.' })).toBeVisible();
  await expect(reading.getByRole('button', { name: 'Reading', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(reading.getByLabel('Pages read')).toHaveValue('500');
  await expect(reading.getByLabel('Started')).toHaveValue('2026-10-15');
  await expectAccessible(page, 'book page after undo');
});

test('an unsaved review asks before leaving and is restored on return', async ({ page }) => {
  await signUp(page);
  const book = await bookInProgress(page);
  await page.goto(`/books/${book.id}`);
  const review = page.getByRole('region', { name: 'Your reading' }).getByRole('textbox', { name: 'Review' });
  await review.fill('The harbour chapters are the best thing I read this year.');

  const library = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' });
  page.once('dialog', (dialog) => void dialog.dismiss());
  await library.click();
  await expect(page.getByRole('heading', { level: 1, name: book.title })).toBeVisible();
  await expect(review).toHaveValue('The harbour chapters are the best thing I read this year.');

  page.once('dialog', (dialog) => void dialog.accept());
  await library.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your library' })).toBeVisible();

  await page.goto(`/books/${book.id}`);
  await expect(page.getByText('Your unsaved review from before is back.')).toBeVisible();
  await expect(review).toHaveValue('The harbour chapters are the best thing I read this year.');
  await page.getByRole('button', { name: 'Save review' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Review saved.' })).toBeVisible();
  await page.reload();
  await expect(review).toHaveValue('The harbour chapters are the best thing I read this year.');
  await expect(page.getByText('Your unsaved review from before is back.')).toHaveCount(0);
});

test('the book page names its language and writes dates the reader’s way (Intl)', async ({ page }) => {
  await signUp(page);
  const book = await bookInProgress(page);
  await page.goto(`/books/${book.id}`);
  const facts = page.getByRole('article');
  await expect(facts.getByText('English', { exact: true })).toBeVisible();
  await expect(facts.getByText('EN', { exact: true })).toHaveCount(0);
  const published = await page.evaluate(() =>
    new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(
      new Date(1990, 8, 1),
    ),
  );
  await expect(facts.getByText(published, { exact: true })).toBeVisible();
});
