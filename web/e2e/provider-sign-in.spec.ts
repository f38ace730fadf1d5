import { expect, expectAccessible, test } from './support/fixtures';

// Unlinking the only sign-in method is refused (409), which the browser logs.
test.use({ allowConsoleErrors: [/status of 409/] });

/** On the stub provider's login page (server/test/oidc-stub-server.ts). */
async function providerLogin(page: import('@playwright/test').Page, email: string, name: string) {
  await expect(page.getByRole('heading', { name: 'Stub provider sign-in' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('a reader signs up with the provider, signs out and in again, unlinks and links it', async ({
  page,
}) => {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const email = `oidc_${tag}@example.com`;

  await page.goto('/sign-up');
  await page.getByRole('link', { name: 'Sign in with Google' }).click();
  await providerLogin(page, email, 'Otto Provider');

  await expect(page.getByRole('heading', { level: 1, name: 'One more step' })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page, 'provider sign-up');
  await expect(page.getByLabel('Username')).toHaveValue(`oidc_${tag}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Otto Provider' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByRole('link', { name: 'Sign in with Google' }).click();
  await providerLogin(page, email, 'Otto Provider');
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Otto Provider' })).toBeVisible();

  await page.goto('/settings');
  const methods = page.getByRole('region', { name: 'Sign-in methods' });
  await expect(methods.getByRole('listitem').filter({ hasText: email })).toBeVisible();
  await expectAccessible(page, 'settings with sign-in methods');
  // Unlinking cannot be undone, so the page asks first; the reader says yes each time.
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.accept();
  });
  // The only way to sign in cannot go…
  await methods.getByRole('button', { name: /Unlink/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'only way to sign in' })).toBeVisible();
  // …until there is a password.
  const password = page.getByRole('region', { name: 'Password' });
  await password.getByLabel('New password', { exact: true }).fill('my own password now');
  await password.getByLabel('Confirm new password').fill('my own password now');
  await password.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Password set.' })).toBeVisible();
  await methods.getByRole('button', { name: /Unlink/ }).click();
  await expect(methods.getByRole('listitem').filter({ hasText: email })).toBeHidden();
  expect(asked).toEqual([
    'Unlink this sign-in method? Linking it again needs its sign-in.',
    'Unlink this sign-in method? Linking it again needs its sign-in.',
  ]);

  await methods.getByRole('link', { name: 'Link Google' }).click();
  await providerLogin(page, email, 'Otto Provider');
  await expect(page).toHaveURL(/\/settings\?linked=1$/);
  await expect(
    page.getByRole('region', { name: 'Sign-in methods' }).getByRole('listitem').filter({ hasText: email }),
  ).toBeVisible();
});

test('a refused provider sign-in lands on a page that says why', async ({ page }) => {
  await page.goto('/auth/return?error=state_mismatch');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign-in did not finish' })).toBeVisible();
  await expect(
    page.getByRole('alert').filter({ hasText: 'did not belong to a sign-in started in this browser' }),
  ).toBeVisible();
  await expectAccessible(page, 'provider error page');
});
