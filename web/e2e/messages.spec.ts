import type { Locator } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { shelveBook, signUp } from './support/readers';

type Box = { x: number; y: number; width: number; height: number };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('no box');
  return box;
}

test('autosaves leave one message, in one polite region, never over the control just used', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await signUp(page, 'toast');
  const book = await shelveBook(page, { status: 'currently_reading', progressPages: 120 });
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  await reading.getByLabel('Format').selectOption('paperback');
  await reading.getByLabel('Ownership').selectOption('owned');
  const visibility = reading.getByLabel('Who can see it');
  await visibility.scrollIntoViewIfNeeded();
  // The control low on the screen, where the messages would otherwise appear.
  await visibility.evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().bottom - 690));
  await visibility.selectOption('private');
  const region = page.locator('[aria-live="polite"]').filter({ has: page.getByText('Visibility saved.') });
  await expect(region).toHaveCount(1);
  await expect(region.getByText('Visibility saved.')).toBeVisible();
  // The newest replaced the older ones of its kind.
  await expect(page.getByText('Format saved.')).toHaveCount(0);
  await expect(page.getByText('Ownership saved.')).toHaveCount(0);
  expect(overlaps(await boxOf(region.getByText('Visibility saved.')), await boxOf(visibility))).toBe(false);
  expect(await page.locator('[data-toasts]').count()).toBe(1);
});

test('a message moved to the top of a desktop screen sits below the sticky header, never over the menu', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 560 });
  await signUp(page, 'toptoast');
  const book = await shelveBook(page, { status: 'currently_reading', progressPages: 120 });
  await page.goto(`/books/${book.id}`);
  const format = page.getByRole('region', { name: 'Your reading' }).getByLabel('Format');
  // The control in the bottom band, where a message at the bottom would cover it.
  await format.evaluate((element) =>
    window.scrollBy(0, element.getBoundingClientRect().bottom - (window.innerHeight - 24)),
  );
  expect((await boxOf(format)).y).toBeGreaterThan(560 - 112);
  await format.focus();
  await format.selectOption('ebook');
  const message = page.getByRole('status').getByText('Format saved.');
  await expect(message).toBeVisible();
  const header = page.locator('header').first();
  expect(overlaps(await boxOf(message), await boxOf(header))).toBe(false);
  expect(overlaps(await boxOf(message), await boxOf(format))).toBe(false);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the message after tapping a star is not over the stars', async ({ page }) => {
    await signUp(page, 'stars');
    const book = await shelveBook(page, { status: 'currently_reading', progressPages: 120 });
    await page.goto(`/books/${book.id}`);
    const rating = page.getByRole('region', { name: 'Your reading' }).getByRole('group', { name: 'Rating' });
    // Just above the tab bar, at the bottom of what a thumb reaches.
    await rating.evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().bottom - 780));
    await rating.getByRole('radio', { name: '4 stars' }).tap();
    const message = page.getByRole('status').filter({ hasText: 'Rated 4 stars.' });
    await expect(message).toBeVisible();
    expect(overlaps(await boxOf(message.getByText('Rated 4 stars.')), await boxOf(rating))).toBe(false);
    await expectAccessible(page, 'book page with a message');
  });

  test('search opened directly is ready to type in, without keyboard hints on a touch screen', async ({
    page,
  }) => {
    await signUp(page, 'search');
    await page.goto('/search');
    await expect(page.getByRole('searchbox', { name: 'Search by title, author or ISBN' })).toBeFocused();
    await expect(page.getByText('Results appear as you type.')).toBeVisible();
    await expect(page.getByText(/↓/)).toHaveCount(0);
  });
});

test('search opened directly focuses the box on a desktop too, and the API docs are linked from every page', async ({
  page,
}) => {
  await signUp(page, 'docs');
  await page.goto('/search');
  await expect(page.getByRole('searchbox', { name: 'Search by title, author or ISBN' })).toBeFocused();
  await expect(page.getByText(/Use ↓ and ↑ to move through them/)).toBeVisible();
  const docs = page.getByRole('contentinfo').getByRole('link', { name: 'API documentation' });
  await expect(docs).toHaveAttribute('href', '/docs');
  expect((await page.request.get('/docs')).status()).toBe(200);
});
