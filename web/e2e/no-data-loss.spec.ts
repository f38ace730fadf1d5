/// <reference types="node" />
import type { Page, Route } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';

test.describe.configure({ timeout: 90_000 });
// These tests hold and refuse the page's saves with page.route, which does not see requests a
// service worker sends; the service worker registers a moment after the first render and would
// take the page over mid-test (Playwright's advice: block it where requests are routed).
test.use({ serviceWorkers: 'block' });

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

function reviewSection(page: Page) {
  return page.getByRole('region', { name: 'Your reading' }).getByRole('region', { name: 'Your review' });
}

test('problem 2: a review typed and left saves itself; it is there on return', async ({ page }) => {
  await signUp(page);
  const book = await bookInProgress(page);
  await page.goto(`/books/${book.id}`);
  await expect(page.getByText('Changes save automatically as you make them.')).toBeVisible();
  const review = reviewSection(page).getByRole('textbox', { name: 'Review' });
  await review.fill('The harbour chapters are the best thing I read this year.');

  // Straight to the library, no button pressed, no question asked.
  page.once('dialog', (dialog) => void dialog.dismiss());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your library' })).toBeVisible();
  await page.goto(`/books/${book.id}`);
  await expect(review).toHaveValue('The harbour chapters are the best thing I read this year.');
  await expect(page.getByText('Your unsaved review from before is back.')).toHaveCount(0);
  // It is on the server, not only on this device.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(review).toHaveValue('The harbour chapters are the best thing I read this year.');
});

test('problem 2: a reload in the middle of typing keeps the text and saves it', async ({ page }) => {
  await signUp(page);
  const book = await bookInProgress(page);
  await page.goto(`/books/${book.id}`);
  const section = reviewSection(page);
  // Saves are held on their way: the one on its way when the page reloads never arrives.
  const held: Route[] = [];
  await page.route('**/api/library/*', (route) =>
    route.request().method() === 'PATCH' ? void held.push(route) : route.continue(),
  );
  await section.getByRole('textbox', { name: 'Review' }).fill('Half a thought about the lighthouse');
  await section.getByRole('checkbox', { name: /Contains spoilers/ }).focus();
  await expect(section.getByRole('status').filter({ hasText: 'Saving…' })).toBeVisible();
  await expect.poll(() => held.length).toBe(1);
  await page.reload();

  await expect(page.getByText('Your unsaved review from before is back.')).toBeVisible();
  await expect(section.getByRole('textbox', { name: 'Review' })).toHaveValue(
    'Half a thought about the lighthouse',
  );
  // The restored draft is sent again by itself; this time it arrives.
  await expect.poll(() => held.length).toBe(2);
  await held[1]?.continue();
  await expect(section.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(section.getByRole('textbox', { name: 'Review' })).toHaveValue(
    'Half a thought about the lighthouse',
  );
});

test.describe('a save the server refuses', () => {
  test.use({ allowConsoleErrors: [/status of 503/] });

  test('a review the server did not take says Not saved, asks before leaving, and Retry saves it', async ({
    page,
  }) => {
    await signUp(page);
    const book = await bookInProgress(page);
    await page.goto(`/books/${book.id}`);
    const section = reviewSection(page);
    await page.route('**/api/library/*', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'unavailable', message: 'The server is busy.' } }),
          })
        : route.continue(),
    );
    await section.getByRole('textbox', { name: 'Review' }).fill('Worth every page.');
    await section.getByRole('checkbox', { name: /Contains spoilers/ }).focus();
    await expect(section.getByRole('status').filter({ hasText: /^Not saved/ })).toBeVisible();
    await expectAccessible(page, 'book page with a review not saved');

    const library = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' });
    // The question is answered inside the listener: a dialog left open blocks the page, and a click
    // that is still finishing when the router asks would then wait for it forever.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await library.click();
    await expect.poll(() => asked).toEqual([expect.stringContaining('Your review is not saved yet.')]);
    await expect(page.getByRole('heading', { level: 1, name: book.title })).toBeVisible();
    await expect(section.getByRole('textbox', { name: 'Review' })).toHaveValue('Worth every page.');

    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await section.getByRole('button', { name: 'Retry' }).click();
    await expect(section.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
    await library.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your library' })).toBeVisible();
  });
});

test('dates and progress save by themselves; a wrong value says why and is not sent', async ({ page }) => {
  await signUp(page);
  const book = await bookInProgress(page);
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  const dates = reading.getByRole('form', { name: 'Dates and progress' });
  await reading.getByLabel('Pages read').fill('612');
  await reading.getByLabel('Started').focus();
  await expect(dates.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await reading.getByLabel('Started').fill('2026-10-01');
  await expect(dates.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await reading.getByLabel('Pages read').fill('9000');
  await reading.getByLabel('Pages read').press('Enter');
  await expect(
    dates.getByRole('status').filter({ hasText: 'Not saved — correct the field above.' }),
  ).toBeVisible();
  await expect(reading.getByLabel('Pages read')).toHaveAccessibleDescription('This book has 880 pages.');
  await reading.getByLabel('Pages read').fill('640');
  await reading.getByLabel('Pages read').press('Enter');
  await expect(dates.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await page.reload();
  await expect(reading.getByLabel('Pages read')).toHaveValue('640');
  await expect(reading.getByLabel('Started')).toHaveValue('2026-10-01');
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
