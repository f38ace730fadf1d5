import { expect, expectAccessible, test } from './support/fixtures';
import { shelveBook, signUp } from './support/readers';

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
