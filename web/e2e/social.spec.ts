/// <reference types="node" />
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';

// The whole social flow, two readers in two browser contexts, through the real server.
test.describe.configure({ timeout: 180_000 });
// B's profile answers 404 to A once A has blocked B; the browser logs that response.
test.use({ allowConsoleErrors: [/status of 404/] });

function unique(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(0, 30);
}

async function signUp(page: Page, displayName: string): Promise<string> {
  const username = unique('soc');
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
  return username;
}

/** Adds a book to the catalog through the API, as the signed-in reader (cookie session + CSRF header). */
async function createBook(page: Page, book: { title: string; authors: string[] }) {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'bt_csrf')?.value ?? '';
  const response = await page.request.post('/api/books', { data: book, headers: { 'X-CSRF-Token': csrf } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: number; title: string };
}

function toast(page: Page, text: string | RegExp) {
  return page.getByRole('status').filter({ hasText: text });
}

test('A finds and follows B, sees B finish a book rated 4.5, then blocks B', async ({ page, browser }) => {
  const readerA = page;
  await signUp(readerA, 'Ada Follower');

  const contextB = await browser.newContext();
  try {
    const readerB = await contextB.newPage();
    const nameB = `Bea ${unique('Finisher').replace(/_/g, ' ')}`;
    const usernameB = await signUp(readerB, nameB);

    // A finds B by name on the find-readers page and follows from B's profile.
    await readerA.goto('/readers');
    await expect(readerA.getByRole('heading', { level: 1, name: 'Find readers' })).toBeVisible();
    await readerA.getByRole('searchbox', { name: 'Username or name' }).fill(nameB);
    const results = readerA.getByRole('list', { name: `Readers matching ${nameB}` });
    await expect(results.getByRole('listitem')).toHaveCount(1);
    await expect(results.getByText(`@${usernameB}`)).toBeVisible();
    await expectAccessible(readerA, 'find readers');
    await results.getByRole('link', { name: nameB }).click();

    await expect(readerA.getByRole('heading', { level: 1, name: nameB })).toBeVisible();
    const follow = readerA.getByRole('button', { name: 'Follow', exact: true });
    await expect(follow).toHaveAttribute('aria-pressed', 'false');
    await follow.click();
    const following = readerA.getByRole('button', { name: 'Following', exact: true });
    await expect(following).toHaveAttribute('aria-pressed', 'true');
    await expectAccessible(readerA, "another reader's profile");
    // The follow is on the server, not only on screen.
    await readerA.reload();
    await expect(following).toHaveAttribute('aria-pressed', 'true');

    // B shelves a book as read and rates it 4.5 stars, in B's own browser.
    const title = `The Quiet Harbour ${unique('ed')}`;
    const book = await createBook(readerB, { title, authors: ['Noor Halvorsen'] });
    await readerB.goto(`/books/${book.id}`);
    await expect(readerB.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await readerB.getByLabel('Shelf').selectOption({ label: 'Read' });
    await readerB.getByRole('button', { name: 'Add to library' }).click();
    await expect(toast(readerB, `Added “${title}” to Read.`)).toBeVisible();
    const reading = readerB.getByRole('region', { name: 'Your reading' });
    await reading.getByRole('radio', { name: '4.5 stars' }).check();
    await expect(toast(readerB, 'Rated 4.5 stars.')).toBeVisible();

    // B sets this year's goal; A will see it on B's profile.
    const year = new Date().getUTCFullYear();
    const csrfB = (await contextB.cookies()).find((cookie) => cookie.name === 'bt_csrf')?.value ?? '';
    const goal = await readerB.request.put(`/api/goals/${year}`, {
      data: { target: 12 },
      headers: { 'X-CSRF-Token': csrfB },
    });
    expect(goal.status()).toBe(200);

    // A's feed shows it, with the rating.
    await readerA.goto('/');
    const card = readerA.getByRole('article', { name: `${nameB} finished ${title}` });
    await expect(card).toBeVisible();
    await expect(card.getByRole('img', { name: 'Rated 4.5 out of 5' })).toBeVisible();
    await expect(card.getByRole('link', { name: title })).toHaveAttribute('href', `/books/${book.id}`);
    await expectAccessible(readerA, 'feed');

    // A blocks B from B's profile menu; B's profile is gone for A.
    await card.getByRole('link', { name: nameB }).click();
    await expect(readerA.getByRole('heading', { level: 1, name: nameB })).toBeVisible();
    // B's goal on B's profile, read-only, counting the book A may see.
    const goalWidget = readerA.getByRole('region', { name: `${nameB}’s ${year} reading goal` });
    await expect(goalWidget.getByText('of 12 books')).toBeVisible();
    await expect(goalWidget.getByRole('progressbar', { name: /^1 of 12 books read/ })).toBeVisible();
    await expect(goalWidget.getByRole('button')).toHaveCount(0);
    await readerA.screenshot({ path: 'test-results/reader-goal.png', fullPage: true });
    await readerA.getByText('More', { exact: true }).click();
    readerA.once('dialog', (dialog) => void dialog.accept());
    await readerA.getByRole('button', { name: `Block ${nameB}` }).click();
    await expect(toast(readerA, `You blocked ${nameB}.`)).toBeVisible();
    await expect(readerA.getByRole('article', { name: `${nameB} finished ${title}` })).toHaveCount(0);

    await readerA.goto(`/u/${usernameB}`);
    await expect(readerA.getByRole('heading', { level: 1, name: 'No reader by that name' })).toBeVisible();
    await expect(readerA.getByRole('button', { name: 'Follow', exact: true })).toHaveCount(0);
    await expectAccessible(readerA, 'a blocked profile');
  } finally {
    await contextB.close();
  }
});

test('find readers suggests whom the people you follow follow, and follows from the list', async ({
  page,
  browser,
}) => {
  const readerA = page;
  await signUp(readerA, 'Ada Newcomer');
  const others = await browser.newContext();
  try {
    // C, then B in the same browser (B stays signed in there).
    const pageB = await others.newPage();
    const nameC = `Cy ${unique('Suggested').replace(/_/g, ' ')}`;
    const usernameC = await signUp(pageB, nameC);
    await others.clearCookies();
    const usernameB = await signUp(pageB, 'Bo Bridge');
    const put = async (who: Page, url: string) => {
      const csrf = (await who.context().cookies()).find((cookie) => cookie.name === 'bt_csrf')?.value ?? '';
      expect((await who.request.put(url, { headers: { 'X-CSRF-Token': csrf } })).status()).toBe(204);
    };
    await put(pageB, `/api/users/${usernameC}/follow`);
    await put(readerA, `/api/users/${usernameB}/follow`);

    await readerA.goto('/readers');
    const suggested = readerA.getByRole('list', { name: 'Suggested readers' });
    const row = suggested.getByRole('listitem').filter({ hasText: `@${usernameC}` });
    await expect(row).toBeVisible();
    await expect(row.getByText('Followed by 1 reader you follow')).toBeVisible();
    await expectAccessible(readerA, 'find readers with suggestions');
    await row.getByRole('button', { name: 'Follow', exact: true }).click();
    // The row stays, now following; on the server too: C is in A's following list.
    await expect(row.getByRole('button', { name: 'Following', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect
      .poll(async () => (await (await readerA.request.get(`/api/users/${usernameC}`)).json()).isFollowing)
      .toBe(true);
    await readerA.reload();
    await expect(readerA.getByRole('heading', { level: 1, name: 'Find readers' })).toBeVisible();
    // Once the suggestions have loaded (recently active readers, or none), C is no longer one.
    await expect(suggested.or(readerA.getByText(/^No suggestions yet/))).toBeVisible();
    await expect(readerA.getByText(`@${usernameC}`)).toHaveCount(0);
  } finally {
    await others.close();
  }
});
