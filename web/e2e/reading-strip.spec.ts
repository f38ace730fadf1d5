import { expect, expectAccessible, test } from './support/fixtures';
import { shelveBook, signUp } from './support/readers';

test('the home page lists what is being read; progress updates in two taps and switching units keeps the number', async ({
  page,
}) => {
  await signUp(page, 'strip');
  const book = await shelveBook(page, {
    status: 'currently_reading',
    startedOn: '2026-10-15',
    progressPages: 500,
  });
  await page.goto('/');
  const strip = page.getByRole('region', { name: 'Currently reading' });
  await expect(strip.getByRole('link', { name: book.title })).toBeVisible();
  await expect(strip.getByRole('progressbar', { name: `Progress in ${book.title}` })).toHaveAttribute(
    'aria-valuenow',
    '57',
  );
  await expect(strip.getByText('Page 500 of 880 · 57%')).toBeVisible();
  await expectAccessible(page, 'home page with the reading strip');

  // Tap one: the dialog opens with the amount ready to type.
  await strip.getByRole('button', { name: `Update progress of ${book.title}` }).click();
  const dialog = page.getByRole('dialog', { name: book.title });
  const pages = dialog.getByRole('textbox', { name: 'Pages read' });
  await expect(pages).toBeFocused();
  await expect(pages).toHaveValue('500');
  await dialog.getByRole('radio', { name: '%' }).check();
  await expect(dialog.getByRole('textbox', { name: 'Percent read' })).toHaveValue('57');
  await dialog.getByRole('radio', { name: 'of 880 pages' }).check();
  await expect(pages).toHaveValue('502');
  await pages.fill('616');
  await expectAccessible(page, 'the progress dialog');
  // Tap two.
  await dialog.getByRole('button', { name: 'Save progress' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Progress saved: 70% of ${book.title}.` }),
  ).toBeVisible();
  await expect(strip.getByText('Page 616 of 880 · 70%')).toBeVisible();
  await expect(strip.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '70');

  // The book page agrees, and its own unit switch keeps the number too.
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  await expect(reading.getByLabel('Pages read')).toHaveValue('616');
  await reading.getByRole('radio', { name: '%' }).check();
  await expect(reading.getByLabel('Percent read')).toHaveValue('70');
});

test('reaching 100% on the Reading shelf offers Mark as read with a rating', async ({ page }) => {
  await signUp(page, 'finish');
  const book = await shelveBook(page, {
    status: 'currently_reading',
    startedOn: '2026-10-15',
    progressPercent: 90,
  });
  await page.goto('/library?status=currently_reading');
  const card = page.getByRole('listitem').filter({ hasText: book.title });
  await card.getByRole('button', { name: `Update progress of ${book.title}` }).click();
  const dialog = page.getByRole('dialog', { name: book.title });
  await expect(dialog.getByRole('button', { name: 'Mark as read' })).toHaveCount(0);
  await dialog.getByRole('radio', { name: '%' }).check();
  await dialog.getByRole('textbox', { name: 'Percent read' }).fill('100');
  await expect(dialog.getByText('That is the whole book. Finished it?')).toBeVisible();
  await dialog.getByRole('radio', { name: '4.5 stars' }).check();
  await dialog.getByRole('button', { name: 'Mark as read' }).click();
  const done = page.getByRole('status').filter({ hasText: `Marked ${book.title} as read, 4.5 stars.` });
  await expect(done).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: book.title })).toHaveCount(0);

  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Currently reading' })).toHaveCount(0);
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  await expect(reading.getByRole('button', { name: 'Read', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(reading.getByRole('radio', { name: '4.5 stars' })).toBeChecked();
});

test('Undo after Mark as read restores the shelf, progress and rating', async ({ page }) => {
  await signUp(page, 'undo');
  const book = await shelveBook(page, {
    status: 'currently_reading',
    startedOn: '2026-10-15',
    progressPages: 870,
  });
  await page.goto('/');
  const strip = page.getByRole('region', { name: 'Currently reading' });
  await strip.getByRole('button', { name: `Update progress of ${book.title}` }).click();
  const dialog = page.getByRole('dialog', { name: book.title });
  await dialog.getByRole('textbox', { name: 'Pages read' }).fill('880');
  await dialog.getByRole('button', { name: 'Mark as read' }).click();
  const done = page.getByRole('status').filter({ hasText: `Marked ${book.title} as read.` });
  await done.getByRole('button', { name: 'Undo' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `${book.title} is back on Reading.` }),
  ).toBeVisible();
  await expect(strip.getByText('Page 870 of 880 · 99%')).toBeVisible();
});
