import { expect, test } from './support/fixtures';
import { signUp } from './support/readers';

// The chunk the server no longer has answers 404, which the browser logs.
test.use({
  serviceWorkers: 'block', // page.route must see the chunk requests (a service worker's are hidden from it)
  allowConsoleErrors: [/Failed to load resource|Failed to fetch dynamically imported module/],
});

test('a tab opened before a new build loads the new build when a page of the old one is gone, once', async ({
  page,
}) => {
  await signUp(page, 'newbuild');
  await page.evaluate(() => {
    (window as Window & { openedBeforeTheBuild?: boolean }).openedBeforeTheBuild = true;
  });
  // After a rebuild the old build's page chunks are gone: the first request for the Stats page's
  // chunk answers 404, as the server would; the reloaded page (the new build) gets it.
  let refused = 0;
  await page.route(/\/assets\/stats-page-[^/]+\.js$/, async (route) => {
    if (refused === 0) {
      refused += 1;
      await route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' });
    } else {
      await route.continue();
    }
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stats' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Stats' })).toBeVisible();
  expect(refused).toBe(1);
  // It is a fresh page (the reload), not the old one that failed.
  expect(
    await page.evaluate(() => (window as Window & { openedBeforeTheBuild?: boolean }).openedBeforeTheBuild),
  ).toBeUndefined();
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
});

test('a page chunk that fails again right after that reload shows the error page instead of reloading again', async ({
  page,
}) => {
  await signUp(page, 'brokenbuild');
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  await page.route(/\/assets\/stats-page-[^/]+\.js$/, async (route) => {
    await route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' });
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stats' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeVisible();
  await expect(page).toHaveURL(/\/stats$/);
  // One reload (to the page the link named), not a loop.
  await page.waitForTimeout(1500);
  expect(loads).toBe(1);
});
