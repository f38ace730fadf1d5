import { expect, expectAccessible, test } from './support/fixtures';
import { shelveBook, signUp } from './support/readers';

test('clearing a rating and removing a tag each offer Undo, which puts them back', async ({ page }) => {
  await signUp(page, 'undo');
  const book = await shelveBook(page, { status: 'read', rating: 3.5, tags: ['harbour', 'winter'] });
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  await expect(reading.getByRole('radio', { name: '3.5 stars' })).toBeChecked();

  await reading.getByRole('button', { name: 'Clear rating' }).click();
  const cleared = page.getByRole('status').filter({ hasText: 'Rating cleared.' });
  await expect(reading.getByRole('radio', { name: '3.5 stars' })).not.toBeChecked();
  await cleared.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rated 3.5 stars again.' })).toBeVisible();
  await expect(reading.getByRole('radio', { name: '3.5 stars' })).toBeChecked();

  await reading.getByRole('button', { name: 'Remove tag harbour' }).click();
  const removed = page.getByRole('status').filter({ hasText: 'Removed “harbour”.' });
  await expect(removed).toBeVisible();
  await expect(reading.getByRole('button', { name: 'Remove tag harbour' })).toHaveCount(0);
  await removed.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tags put back.' })).toBeVisible();
  await expect(reading.getByRole('button', { name: 'Remove tag harbour' })).toBeVisible();
  await page.reload();
  await expect(reading.getByRole('button', { name: 'Remove tag harbour' })).toBeVisible();
  await expect(reading.getByRole('radio', { name: '3.5 stars' })).toBeChecked();
  await expectAccessible(page, 'book page after two undos');
});
