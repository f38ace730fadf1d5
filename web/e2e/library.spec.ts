/// <reference types="node" />
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';

// Each test walks a whole flow through the real server; give slow machines room.
test.describe.configure({ timeout: 90_000 });

function unique(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(0, 30);
}

async function signUp(page: Page): Promise<string> {
  const username = unique('shelf');
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill('Iris Reader');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
  return username;
}

/** Adds a book to the catalog through the API, as the signed-in reader (cookie session + CSRF header). */
async function createBook(page: Page, book: { title: string; authors: string[]; pageCount?: number }) {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'bt_csrf')?.value ?? '';
  const response = await page.request.post('/api/books', { data: book, headers: { 'X-CSRF-Token': csrf } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: number; title: string };
}

function toast(page: Page, text: string | RegExp) {
  return page.getByRole('status').filter({ hasText: text });
}

test('search, shelve as want to read, then mark read with 4.5 stars and a review', async ({ page }) => {
  await signUp(page);
  const title = `The Lantern Orchard ${unique('ed')}`;
  await createBook(page, { title, authors: ['Mira Okafor'], pageCount: 320 });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Find a book' })).toBeVisible();
  const searchBox = page.getByRole('searchbox', { name: 'Search by title, author or ISBN' });
  await searchBox.fill(title);

  const result = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
  await expect(result).toBeVisible();
  await result.getByRole('button', { name: 'Want to read' }).click();
  await expect(toast(page, `Added “${title}” to Want to read.`)).toBeVisible();
  const onShelf = result.getByRole('link', { name: /On your shelf: Want to read/ });
  await expect(onShelf).toBeVisible();
  await expectAccessible(page, 'search results');
  await expect(onShelf).toBeFocused();

  await onShelf.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const reading = page.getByRole('region', { name: 'Your reading' });
  await expect(reading.getByRole('button', { name: 'Want to read' })).toHaveAttribute('aria-pressed', 'true');

  await reading.getByRole('button', { name: 'Read', exact: true }).click();
  await expect(toast(page, 'Moved to Read.')).toBeVisible();
  await expect(reading.getByRole('button', { name: 'Read', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // Marking a book read without dates finishes it today.
  const today = new Date().toISOString().slice(0, 10);
  await expect(reading.getByLabel('Finished', { exact: true })).toHaveValue(today);

  await reading.getByRole('radio', { name: '4.5 stars' }).check();
  await expect(toast(page, 'Rated 4.5 stars.')).toBeVisible();
  await reading
    .getByRole('textbox', { name: 'Review' })
    .fill('Quietly devastating; the orchard chapters glow.');
  // The review saves itself: its section says so.
  await expect(
    reading
      .getByRole('region', { name: 'Your review' })
      .getByRole('status')
      .filter({ hasText: /^Saved$/ }),
  ).toBeVisible();
  await expectAccessible(page, 'book page');

  // What was saved is what the server has: reload and look again.
  await page.reload();
  await expect(reading.getByRole('radio', { name: '4.5 stars' })).toBeChecked();
  await expect(reading.getByRole('textbox', { name: 'Review' })).toHaveValue(
    'Quietly devastating; the orchard chapters glow.',
  );

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  const shelves = page.getByRole('navigation', { name: 'Shelves' });
  await shelves.getByRole('link', { name: /^Read 1 book/ }).click();
  await expect(page).toHaveURL(/[?&]status=read/);
  const card = page.getByRole('list', { name: 'Books on your Read shelf' }).getByRole('listitem').filter({
    hasText: title,
  });
  await expect(card).toBeVisible();
  await expect(card.getByRole('img', { name: 'Rated 4.5 out of 5' })).toBeVisible();
  await expect(card.getByText(/^Finished /)).toBeVisible();
  await expectAccessible(page, 'library');
  await expect(card.locator('time')).toHaveAttribute('datetime', today);

  // The shelf is in the address: a reload (or a shared link) shows the same shelf.
  await page.reload();
  await expect(page.getByRole('link', { name: /^Read 1 book/ })).toHaveAttribute('aria-current', 'page');
  await expect(card).toBeVisible();
});

test('a book added by hand can be removed, and Undo brings it back with its fields', async ({ page }) => {
  await signUp(page);
  const title = `Salt and Small Hours ${unique('ed')}`;

  await page.goto('/search');
  await page.getByRole('searchbox', { name: 'Search by title, author or ISBN' }).fill(title);
  await expect(page.getByRole('heading', { name: `No books match “${title}”` })).toBeVisible();
  await expectAccessible(page, 'search without results');
  await page.getByRole('button', { name: 'Add it by hand' }).click();

  const form = page.getByRole('region', { name: 'Add a book by hand' });
  await expect(form.getByLabel('Title')).toHaveValue(title);
  await form.getByLabel('ISBN').fill('978-0-00-000000-1');
  await form.getByRole('button', { name: 'Add book' }).click();
  // Checked before anything is sent.
  await expect(form.getByLabel('Authors')).toHaveAccessibleDescription(/at least one author/i);
  await expect(form.getByLabel('ISBN')).toHaveAccessibleDescription(/check digit/i);
  await form.getByLabel('Authors').fill('Tomasz Weller, Ana Ruiz');
  await form.getByLabel('ISBN').fill('');
  await form.getByLabel('Pages').fill('212');
  await form.getByLabel('Add to your library as').selectOption('currently_reading');
  await form.getByRole('button', { name: 'Add book' }).click();

  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('by Tomasz Weller and Ana Ruiz')).toBeVisible();
  const reading = page.getByRole('region', { name: 'Your reading' });
  await expect(reading.getByRole('button', { name: 'Reading', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await reading.getByRole('radio', { name: '3 stars' }).check();
  await expect(toast(page, 'Rated 3 stars.')).toBeVisible();
  await reading.getByLabel('Tags').fill('book club');
  await reading.getByLabel('Tags').press('Enter');
  await expect(toast(page, 'Tags saved.')).toBeVisible();

  await reading.getByRole('button', { name: 'Remove from library' }).click();
  const removed = toast(page, `Removed “${title}” from your library.`);
  await expect(removed).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Add to your library' })).toBeVisible();
  await expect(reading).toHaveCount(0);

  await removed.getByRole('button', { name: 'Undo' }).click();
  await expect(toast(page, `“${title}” is back on your shelf.`)).toBeVisible();
  await expect(reading.getByRole('button', { name: 'Reading', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(reading.getByRole('radio', { name: '3 stars' })).toBeChecked();
  await expect(reading.getByRole('button', { name: 'Remove tag book club' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await expect(page.getByRole('link', { name: /^Reading 1 book/ })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: title })).toBeVisible();
});
