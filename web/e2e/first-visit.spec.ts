import { expect, expectAccessible, test } from './support/fixtures';

// The fixture fails the test on any console error, so these also prove a first visit is quiet.
test('a first visit lands on sign-in without a console error, and the page passes axe', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, 'sign-in (first visit)');
});

// The e2e server has a provider configured (a local stub, see playwright.config.ts), so the
// button shows and leads to it; without GOOGLE_CLIENT_ID the providers endpoint says
// `google: false` and the button is not rendered (auth API tests).
test('the sign-in page offers the configured provider, and its button leads there', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByRole('link', { name: 'Sign in with Google' }).click();
  await expect(page.getByRole('heading', { name: 'Stub provider sign-in' })).toBeVisible();
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
