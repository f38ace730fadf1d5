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

test('removing the yearly goal and the avatar each offer Undo, which puts them back', async ({ page }) => {
  await signUp(page, 'undogoal');
  const year = new Date().getFullYear();
  await page.goto('/stats');
  const goal = page.getByRole('region', { name: `${year} reading goal` });
  await goal.getByLabel(`Books to read in ${year}`).fill('12');
  await goal.getByRole('button', { name: 'Set goal' }).click();
  await expect(goal.getByText('of 12 books')).toBeVisible();
  await goal.getByRole('button', { name: 'Remove' }).click();
  const removed = page.getByRole('status').filter({ hasText: `${year} reading goal removed.` });
  await expect(goal.getByRole('button', { name: 'Set goal' })).toBeVisible();
  await removed.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${year} reading goal put back.` })).toBeVisible();
  await page.reload();
  await expect(goal.getByText('of 12 books')).toBeVisible();

  await page.goto('/settings');
  const avatarForm = page.getByRole('region', { name: 'Avatar' });
  await avatarForm.getByLabel('Choose an image').setInputFiles({
    name: 'avatar.png',
    mimeType: 'image/png',
    buffer: Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAJElEQVR42mP4sCUKjvSzw+EIlzjDINRAjCJk8cGoYTQeBoUGAFfBd5A99F47AAAAAElFTkSuQmCC',
      'base64',
    ),
  });
  await avatarForm.getByRole('button', { name: 'Upload avatar' }).click();
  await expect(avatarForm.getByRole('img', { name: 'Your current avatar' })).toBeVisible();
  await avatarForm.getByRole('button', { name: 'Remove avatar' }).click();
  const gone = page.getByRole('status').filter({ hasText: 'Avatar removed.' });
  await expect(avatarForm.getByRole('img', { name: 'Your current avatar' })).toHaveCount(0);
  await gone.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Avatar put back.' })).toBeVisible();
  await page.reload();
  await expect(avatarForm.getByRole('img', { name: 'Your current avatar' })).toBeVisible();
});
