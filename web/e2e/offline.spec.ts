import { expect, expectAccessible, test } from './support/fixtures';
import { csrfHeaders, shelveBook, signUp } from './support/readers';

// Requests the browser cannot make while offline are expected here, and say so in the console.
test.use({ allowConsoleErrors: [/net::ERR_INTERNET_DISCONNECTED|Failed to load resource|Failed to fetch/] });

test('offline → change → online → saved: changes wait on the device, shown as pending, and are sent when back', async ({
  page,
  context,
}) => {
  await signUp(page, 'offline');
  const book = await shelveBook(page, {
    status: 'currently_reading',
    startedOn: '2026-10-15',
    progressPages: 200,
  });
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  await expect(reading.getByRole('button', { name: 'Reading', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  await context.setOffline(true);
  await expect(page.getByText('You are offline.')).toBeVisible();
  await reading.getByRole('button', { name: 'Read', exact: true }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'this change is kept on this device' }),
  ).toBeVisible();
  await expect(page.getByText('1 change waiting on this device')).toBeVisible();
  await expect(reading.getByRole('button', { name: 'Read', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await reading.getByRole('radio', { name: '4 stars' }).check();
  await expect(page.getByText('2 changes waiting on this device')).toBeVisible();
  await expectAccessible(page, 'book page offline with changes waiting');

  await context.setOffline(false);
  await expect(
    page.getByRole('status').filter({ hasText: 'You are back online. Your changes are saved.' }),
  ).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByText('You are offline.')).toHaveCount(0);
  await page.reload();
  await expect(reading.getByRole('button', { name: 'Read', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(reading.getByRole('radio', { name: '4 stars' })).toBeChecked();
});

test('problem 5: changes made offline survive a reload, show as waiting, and are saved when back online', async ({
  page,
  context,
}) => {
  await signUp(page, 'persist');
  const book = await shelveBook(page, {
    status: 'currently_reading',
    startedOn: '2026-10-15',
    progressPages: 200,
  });
  // The service worker serves the app itself while offline.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  const review = reading.getByRole('region', { name: 'Your review' });
  await expect(reading.getByRole('button', { name: 'Reading', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  await context.setOffline(true);
  await expect(page.getByText('You are offline.')).toBeVisible();
  await reading.getByRole('radio', { name: '4 stars' }).check();
  await expect(page.getByText('1 change waiting on this device')).toBeVisible();
  await review.getByRole('textbox', { name: 'Review' }).fill('Read on a train with no signal.');
  await review.getByRole('checkbox', { name: /Contains spoilers/ }).focus();
  await expect(review.getByRole('status').filter({ hasText: 'Offline: kept on this device' })).toBeVisible();
  await expect(page.getByText('2 changes waiting on this device')).toBeVisible();
  await expect(reading.getByText('2 changes to this book made offline wait on this device')).toBeVisible();

  // A reload while still offline: the changes are still there, still waiting.
  await page.reload();
  await expect(page.getByText('You are offline.')).toBeVisible();
  await expect(page.getByText('2 changes waiting on this device')).toBeVisible();

  await context.setOffline(false);
  await expect(
    page.getByRole('status').filter({ hasText: 'You are back online. Your changes are saved.' }),
  ).toBeVisible({ timeout: 30_000 });
  await page.goto(`/books/${book.id}`);
  await expect(reading.getByRole('radio', { name: '4 stars' })).toBeChecked();
  await expect(review.getByRole('textbox', { name: 'Review' })).toHaveValue(
    'Read on a train with no signal.',
  );
  await expect(page.getByText(/waiting on this device/)).toHaveCount(0);
});

test('a change made offline over one the server got meanwhile is refused, and the review comes back to choose', async ({
  page,
  context,
}) => {
  await signUp(page, 'conflict');
  const book = await shelveBook(page, { status: 'currently_reading', review: 'The saved review.' });
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  const review = reading.getByRole('region', { name: 'Your review' });
  await expect(review.getByRole('textbox', { name: 'Review' })).toHaveValue('The saved review.');

  await context.setOffline(true);
  await review.getByRole('textbox', { name: 'Review' }).fill('Written offline.');
  await review.getByRole('checkbox', { name: /Contains spoilers/ }).focus();
  await expect(page.getByText('1 change waiting on this device')).toBeVisible();
  // Another device changes the book meanwhile.
  const changed = await page.request.patch(`/api/library/${book.entryId}`, {
    data: { rating: 4 },
    headers: await csrfHeaders(page),
  });
  expect(changed.status()).toBe(200);

  await context.setOffline(false);
  await expect(
    page.getByRole('status').filter({ hasText: 'changed on the server since you went offline' }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/waiting on this device/)).toHaveCount(0);
  await page.reload();
  await expect(review.getByText('the saved review changed since you wrote it')).toBeVisible();
  await expect(review.getByRole('textbox', { name: 'Review' })).toHaveValue('Written offline.');
  await review.getByRole('button', { name: 'Keep this draft' }).click();
  await expect(review.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await page.reload();
  await expect(review.getByRole('textbox', { name: 'Review' })).toHaveValue('Written offline.');
  await expect(reading.getByRole('radio', { name: '4 stars' })).toBeChecked();
});

test('signing out drops the reader’s waiting changes; the next reader never sends them', async ({
  page,
  context,
}) => {
  await signUp(page, 'drop');
  const book = await shelveBook(page, { status: 'currently_reading' });
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  await expect(reading).toBeVisible();
  await context.setOffline(true);
  await reading.getByRole('radio', { name: '2 stars' }).check();
  await expect(page.getByText('1 change waiting on this device')).toBeVisible();
  expect(
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('bt:offline-queue:'))),
  ).toHaveLength(1);
  // Back online, but the server cannot be reached yet: the change still waits.
  await page.route('**/api/library/*', (route) =>
    route.request().method() === 'GET' ? route.abort() : route.continue(),
  );
  await context.setOffline(false);
  await expect(page.getByText('Sending 1 change…')).toBeVisible();
  // Signing out before it is sent asks first.
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('1 change made offline has not been sent yet.');
    void dialog.accept();
  });
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /Sign in/ })).toBeVisible();
  expect(
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('bt:offline-queue'))),
  ).toEqual([]);
});

test('a change that is unsafe to replay is refused offline with a clear message', async ({
  page,
  context,
}) => {
  await signUp(page, 'refuse');
  const book = await shelveBook(page, { status: 'want_to_read' });
  await page.goto(`/books/${book.id}`);
  const remove = page.getByRole('button', { name: 'Remove from library' });
  await expect(remove).toBeVisible();
  await context.setOffline(true);
  await remove.click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'You are offline, so this was not saved. Try again when you are back online.' }),
  ).toBeVisible();
  await context.setOffline(false);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Your reading' })).toBeVisible();
});

test('the library recovers by itself when the server answers again', async ({ page }) => {
  await signUp(page, 'recover');
  const book = await shelveBook(page, { status: 'want_to_read' });
  // The server is away: every request for the library fails.
  await page.route('**/api/library?**', (route) => route.abort('connectionrefused'));
  await page.goto('/library');
  await expect(page.getByText('Could not reach the server.')).toBeVisible({ timeout: 20_000 });
  await page.unroute('**/api/library?**');
  // No "Try again" pressed: the list comes back on its own.
  await expect(page.getByRole('link', { name: book.title })).toBeVisible({ timeout: 20_000 });
});

test('the app is installable and opens offline from its service worker, which never stores API answers', async ({
  page,
  context,
}) => {
  const manifest = await page.request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  const body = (await manifest.json()) as { icons: { sizes: string }[]; start_url: string; display: string };
  expect(body.display).toBe('standalone');
  expect(body.start_url).toBe('/');
  expect(body.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of ['/icon-192.png', '/icon-512.png'])
    expect((await page.request.get(icon)).status()).toBe(200);

  await signUp(page, 'pwa');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const key of await caches.keys()) {
      for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain('/index.html');
  expect(cached.filter((url) => url.startsWith('/api/'))).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('You are offline.')).toBeVisible();
  await context.setOffline(false);
});
