/// <reference types="node" />
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { csrfHeaders, shelveBook, signUp } from './support/readers';

// What a new reader sees on a first look around: the things that once looked broken.

/** The space between the bottom of `upper` and the top of `lower`, in CSS pixels. */
async function gapBetween(upper: Locator, lower: Locator): Promise<number> {
  const a = await upper.boundingBox();
  const b = await lower.boundingBox();
  if (!a || !b) throw new Error('both boxes must be on the page');
  return b.y - (a.y + a.height);
}

async function follow(page: Page, username: string) {
  const response = await page.request.put(`/api/users/${username}/follow`, {
    headers: await csrfHeaders(page),
  });
  expect(response.status()).toBeLessThan(300);
}

test('cards keep their distance; one follower is "1 follower"; an empty chart says so; the import box names no wrong limit', async ({
  page,
  browser,
}) => {
  const { username } = await signUp(page, 'look');
  const year = new Date().getFullYear();
  // A book added by hand and read this year, without a rating.
  const book = await shelveBook(page, { status: 'read', finishedOn: `${year}-01-15` });

  // The book page: the reading card, then the creator's own tools, apart.
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  const ownTools = page.getByRole('region', { name: 'Your book' });
  await expect(ownTools).toBeVisible();
  expect(await gapBetween(reading, ownTools)).toBeGreaterThanOrEqual(16);

  // Stats: the charts with data draw; the ratings chart, with nothing rated, says so.
  await page.goto('/stats');
  await expect(page.getByRole('region', { name: 'Books per month' }).getByRole('img')).toBeVisible();
  const ratings = page.getByRole('region', { name: 'Ratings' });
  await expect(ratings.getByText(`No rated books in ${year}.`)).toBeVisible();
  await expect(ratings.getByRole('img')).toHaveCount(0);

  // A second reader follows: the profile counts one follower, in the singular.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUp(otherPage, 'fan');
  await follow(otherPage, username);
  await other.close();

  // The own profile: goal, counts and shelves one under another with room between them.
  await page.goto(`/u/${username}`);
  await expect(page.getByRole('button', { name: '1 follower', exact: true })).toBeVisible();
  const goal = page.getByRole('region', { name: `${year} reading goal` });
  const counts = page.locator('dl').filter({ hasText: 'Books' });
  const shelves = page.getByRole('region', { name: 'Shelves' });
  await expect(shelves).toBeVisible();
  expect(await gapBetween(goal, counts)).toBeGreaterThanOrEqual(16);
  expect(await gapBetween(counts, shelves)).toBeGreaterThanOrEqual(16);

  // Settings: imports take far more than 10 MB, so the box does not say otherwise.
  await page.goto('/settings');
  const importBox = page.getByRole('region', { name: 'Import' });
  await expect(importBox.getByText('A CSV, JSON or ZIP file')).toBeVisible();
  await expect(importBox).not.toContainText('10 MB');
});
