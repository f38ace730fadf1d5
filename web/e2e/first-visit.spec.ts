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

test('the not-found page passes axe', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, 'not found');
});
