/// <reference types="node" />
import { expect, expectAccessible, test } from './support/fixtures';

// The mail catcher started by playwright.config.ts (server/test/mail-catcher.ts).
const INBOX = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 8123) + 2}/mails`;

/** Reset mails to this address (sign-up also mailed a confirmation link). */
async function resetMailsTo(address: string): Promise<{ subject: string; text: string }[]> {
  const res = await fetch(`${INBOX}?to=${encodeURIComponent(address)}`);
  const mails = (await res.json()) as { subject: string; text: string }[];
  return mails.filter((m) => /reset/i.test(m.subject));
}

test.use({ allowConsoleErrors: [/status of 40[01]/] });

test('a reader who forgot the password resets it from the mailed link, once', async ({ page, request }) => {
  const username = `reset_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const email = `${username}@example.com`;
  const oldPassword = 'the old password';
  const registered = await request.post('/api/auth/register', {
    data: { email, username, password: oldPassword, displayName: 'Rita Reset' },
  });
  expect(registered.status()).toBe(201);
  const oldToken = (await registered.json()).token.accessToken as string;

  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible();
  await expectAccessible(page, 'forgot password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Mail me a link' }).click();
  await expect(page.getByRole('status').filter({ hasText: email })).toBeVisible();

  await expect.poll(async () => (await resetMailsTo(email)).length, { timeout: 10_000 }).toBe(1);
  const [mail] = await resetMailsTo(email);
  const link = /(http:\/\/\S+\/reset-password#token=[\w-]+)/.exec(mail?.text ?? '')?.[1];
  expect(link, mail?.text).toBeTruthy();

  await page.goto(link ?? '');
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  await expectAccessible(page, 'reset password');
  await page.getByLabel('New password', { exact: true }).fill('a fresh new password');
  await page.getByLabel('Confirm new password').fill('a fresh new password');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Rita Reset' })).toBeVisible();

  // The old password and the old token are refused; the new password works.
  const oldLogin = await request.post('/api/auth/login', {
    data: { login: username, password: oldPassword },
  });
  expect(oldLogin.status()).toBe(401);
  const oldMe = await request.get('/api/me', { headers: { authorization: `Bearer ${oldToken}` } });
  expect(oldMe.status()).toBe(401);
  const newLogin = await request.post('/api/auth/login', {
    data: { login: username, password: 'a fresh new password' },
  });
  expect(newLogin.status()).toBe(200);

  // The settings list this browser's session.
  await page.goto('/settings');
  const sessions = page.getByRole('region', { name: 'Where you are signed in' });
  await expect(sessions.getByText('this device')).toBeVisible();
  await expectAccessible(page, 'settings with sessions');

  // The banner asks to confirm the address; the link mailed at sign-up does it.
  const banner = page.getByRole('region', { name: 'Email confirmation' });
  await expect(banner).toBeVisible();
  const all = (await (await fetch(`${INBOX}?to=${encodeURIComponent(email)}`)).json()) as { text: string }[];
  const verifyLink = all
    .map((m) => /(http:\/\/\S+\/verify-email#token=[\w.-]+)/.exec(m.text)?.[1])
    .find(Boolean);
  expect(verifyLink).toBeTruthy();
  await page.goto(verifyLink ?? '');
  await expect(page.getByRole('status').filter({ hasText: 'is confirmed' })).toBeVisible();
  await expectAccessible(page, 'email confirmed');
  await expect(banner).toBeHidden();

  // The link works once.
  await page.context().clearCookies();
  await page.goto(link ?? '');
  await page.getByLabel('New password', { exact: true }).fill('another new password');
  await page.getByLabel('Confirm new password').fill('another new password');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'invalid, used or expired' })).toBeVisible();
});
