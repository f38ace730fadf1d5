/// <reference types="node" />
import { expect, test } from '@playwright/test';

const ROWS = 1200;

/** A Goodreads export: 1,200 books read in 2025, 100 a month, and one broken row. */
function goodreadsCsv(): Buffer {
  const header =
    'Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies';
  const rows = [header];
  for (let i = 0; i < ROWS; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    rows.push(
      `${i},E2E Book ${i},Author ${i % 40},,,="",="",${(i % 5) + 1},,Paperback,${100 + (i % 300)},2020,,2025/${month}/10,2025/01/01,e2e,,read,,,,1,0`,
    );
  }
  rows.push('9999,,Nobody,,,,,0,,,,,,,,,,read,,,,0,0');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows.join('\r\n'))]);
}

test('import a Goodreads file, watch the bar, read the report, see the year in Stats', async ({ page }) => {
  const username = `imp_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).not.toHaveURL(/sign-up/);

  await page.goto('/settings');
  const section = page.getByRole('region', { name: 'Import' });
  await expect(section.getByText('On Goodreads: My Books')).toBeVisible();
  await section.getByLabel('Drop the file here, or choose it').setInputFiles({
    name: 'goodreads_library_export.csv',
    mimeType: 'text/csv',
    buffer: goodreadsCsv(),
  });
  await section.getByRole('button', { name: 'Import' }).click();

  const bar = section.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toBeVisible();
  await expect(section.getByRole('status')).toHaveText(/Done: 1,200 imported, 1 failed\./, {
    timeout: 30_000,
  });
  await expect(bar).toHaveAttribute('value', String(ROWS + 1));
  await expect(section.getByText('1 row failed')).toBeVisible();
  await expect(section.getByRole('cell', { name: 'no title' })).toBeVisible();
  await expect(section.getByText('goodreads_library_export.csv')).toBeVisible();

  await page.getByRole('link', { name: 'Stats' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Stats' })).toBeVisible();
  await page.getByLabel('Year').selectOption('2025');
  await expect(page.getByText('Books read')).toBeVisible();
  const books = page.getByRole('region', { name: 'Books per month' });
  await expect(books.getByRole('img', { name: /Books finished per month/ })).toBeVisible();
  await books.getByText('Show as a table').click();
  await expect(books.getByRole('row', { name: 'Jan 100' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Formats' }).getByRole('img')).toBeVisible();
  await page.screenshot({ path: 'test-results/stats-2025.png', fullPage: true });
});
