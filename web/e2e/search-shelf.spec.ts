import { expect, expectAccessible, test } from './support/fixtures';
import { shelveBook, signUp } from './support/readers';

// Book providers are unreachable in the browser tests; search answers from the catalog.
test('searching the ISBN of a shelved book names its shelf and links to it, with no add buttons', async ({
  page,
}) => {
  await signUp(page, 'isbn');
  const book = await shelveBook(page, { status: 'read', rating: 4 }, { isbn13: '9780141439518' });
  await page.goto('/search');
  await page.getByRole('searchbox', { name: 'Search by title, author or ISBN' }).fill('978-0-14-143951-8');
  const result = page.getByRole('listitem').filter({ hasText: book.title });
  const shelf = result.getByRole('link', { name: 'On your shelf: Read' });
  await expect(shelf).toBeVisible({ timeout: 15_000 });
  await expect(result.getByRole('button', { name: 'Want to read' })).toHaveCount(0);
  await shelf.click();
  await expect(page.getByRole('heading', { level: 1, name: book.title })).toBeVisible();
});

test('a title already shelved names its shelf in the results', async ({ page }) => {
  await signUp(page, 'title');
  const book = await shelveBook(page, { status: 'currently_reading', progressPages: 10 });
  await page.goto('/search');
  await page.getByRole('searchbox', { name: 'Search by title, author or ISBN' }).fill(book.title);
  const result = page.getByRole('listitem').filter({ hasText: book.title });
  await expect(result.getByRole('link', { name: 'On your shelf: Reading' })).toHaveAttribute(
    'href',
    `/books/${book.id}`,
  );
  await expectAccessible(page, 'search results with a shelved book');
});
