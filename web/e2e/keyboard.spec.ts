/// <reference types="node" />
import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { csrfHeaders, signUp, unique } from './support/readers';

test.describe.configure({ timeout: 120_000 });

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would, and fails
 * when it is not reached within `most` presses: what cannot be reached by Tab is a bug.
 */
async function tabTo(page: Page, target: Locator, { most = 60, back = false } = {}): Promise<void> {
  for (let i = 0; i < most; i++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target, `reached by ${back ? 'Shift+Tab' : 'Tab'} within ${most} presses`).toBeFocused();
}

test('keyboard only: search, add as Reading, update progress, mark read with a rating', async ({ page }) => {
  await signUp(page, 'keys');
  const title = `Harbour Lights ${unique('kb')}`;
  const created = await page.request.post('/api/books', {
    data: { title, authors: ['Noor Halvorsen'], pageCount: 300 },
    headers: await csrfHeaders(page),
  });
  expect(created.status()).toBe(201);

  // From here on only the keyboard: no clicks, no fills.
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await tabTo(page, nav.getByRole('link', { name: 'Search' }));
  await page.keyboard.press('Enter');
  const box = page.getByRole('searchbox', { name: 'Search by title, author or ISBN' });
  // A page reached through the menu puts the focus on its heading; the box is the next stop.
  await tabTo(page, box);
  await page.keyboard.type(title);

  const result = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
  const addReading = result.getByRole('button', { name: 'Reading', exact: true });
  await expect(addReading).toBeVisible();
  await tabTo(page, addReading);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Added “${title}” to Reading.` })).toBeVisible();
  const onShelf = result.getByRole('link', { name: /On your shelf: Reading/ });
  await expect(onShelf).toBeFocused();

  // Home: the reading strip's quick update.
  await tabTo(page, nav.getByRole('link', { name: 'Feed' }), { back: true });
  await page.keyboard.press('Enter');
  const strip = page.getByRole('region', { name: 'Currently reading' });
  const update = strip.getByRole('button', { name: `Update progress of ${title}` });
  await expect(update).toBeVisible();
  await tabTo(page, update);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: title });
  const pages = dialog.getByRole('textbox', { name: 'Pages read' });
  await expect(pages).toBeFocused();
  await page.keyboard.type('120');
  await tabTo(page, dialog.getByRole('button', { name: 'Save progress' }));
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('status').filter({ hasText: `Progress saved: 40% of ${title}.` }),
  ).toBeVisible();
  await expect(strip.getByText('Page 120 of 300 · 40%')).toBeVisible();

  // The last page, a rating, Mark as read.
  await tabTo(page, update);
  await page.keyboard.press('Enter');
  await expect(pages).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('300');
  await expect(dialog.getByText('That is the whole book. Finished it?')).toBeVisible();
  // Stars are a radio group: Tab reaches it, arrow keys move (each step is half a star).
  const stars = dialog.getByRole('radio', { name: /stars?$/ });
  await tabTo(page, stars.first());
  for (let i = 0; i < 20; i++) {
    if (await dialog.getByRole('radio', { name: '4 stars' }).isChecked()) break;
    await page.keyboard.press('ArrowRight');
  }
  await expect(dialog.getByRole('radio', { name: '4 stars' })).toBeChecked();
  await tabTo(page, dialog.getByRole('button', { name: 'Mark as read' }));
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('status').filter({ hasText: `Marked ${title} as read, 4 stars.` }),
  ).toBeVisible();
  await expectAccessible(page, 'home after marking a book read');

  const entries = await page.request.get('/api/library?status=read');
  const body = (await entries.json()) as {
    items: { book: { title: string }; rating: number | null; progressPages: number | null }[];
  };
  const entry = body.items.find((item) => item.book.title === title);
  expect(entry?.rating).toBe(4);
});
