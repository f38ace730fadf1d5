import { expect, expectAccessible, test } from './support/fixtures';

// The fixture fails the test on any console error, so these also prove a first visit is quiet.
test('a first visit lands on sign-in without a console error, and the page passes axe', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, 'sign-in (first visit)');
});

test('the sign-in page offers no Google button while Google sign-in does not work', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('link', { name: /Google/ })).toHaveCount(0);
});

test.describe('a path that is no page', () => {
  // The document itself answers 404, which the browser logs.
  test.use({ allowConsoleErrors: [/status of 404/] });

  test('answers HTTP 404 with the app’s not-found page, which passes axe', async ({ page }) => {
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, 'not found');
    const known = await page.goto('/sign-in');
    expect(known?.status()).toBe(200);
  });
});
