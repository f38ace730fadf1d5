/// <reference types="node" />
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';

// A 16×16 checkered PNG, small enough to live in the test.
const AVATAR_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAJElEQVR42mP4sCUKjvSzw+EIlzjDINRAjCJk8cGoYTQeBoUGAFfBd5A99F47AAAAAElFTkSuQmCC',
  'base64',
);

function uniqueUsername(prefix: string): string {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return `${prefix}_${suffix}`.slice(0, 30);
}

interface NewReader {
  username: string;
  email: string;
  password: string;
  displayName: string;
}

function newReader(prefix: string): NewReader {
  const username = uniqueUsername(prefix);
  return {
    username,
    email: `${username}@example.com`,
    password: 'correct horse battery',
    displayName: 'Ada Reader',
  };
}

async function signUp(page: Page, reader: NewReader) {
  await page.goto('/sign-up');
  await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
  await expectAccessible(page, 'sign-up');
  await page.getByLabel('Email').fill(reader.email);
  await page.getByLabel('Username').fill(reader.username);
  await page.getByLabel('Display name').fill(reader.displayName);
  await page.getByLabel('Password', { exact: true }).fill(reader.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

test('a reader signs up, edits their profile and avatar, signs out and finds it all again', async ({
  page,
}) => {
  const reader = newReader('e2e');

  await signUp(page, reader);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${reader.displayName}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your feed is quiet' })).toBeVisible();
  await expectAccessible(page, 'home');

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  const profileForm = page.getByRole('region', { name: 'Profile' });
  await profileForm.getByLabel('Display name').fill('Ada Lovelace');
  await profileForm.getByLabel('Bio').fill('Mostly novels about engines, and the occasional poem.');
  await profileForm.getByLabel('Privacy').selectOption('followers');
  await profileForm.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();

  const avatarForm = page.getByRole('region', { name: 'Avatar' });
  await avatarForm.getByLabel('Choose an image').setInputFiles({
    name: 'avatar.png',
    mimeType: 'image/png',
    buffer: AVATAR_PNG,
  });
  await expect(avatarForm.getByRole('img', { name: 'Preview of your new avatar' })).toBeVisible();
  await avatarForm.getByRole('button', { name: 'Upload avatar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Avatar updated.' })).toBeVisible();
  await expectAccessible(page, 'settings');
  await expect(avatarForm.getByRole('img', { name: 'Your current avatar' })).toBeVisible();

  await nav.getByRole('link', { name: 'Profile' }).click();
  await expectProfile(page, reader.username);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'sign-in');

  // Signed out really means signed out: a private page sends us back to sign in.
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel('Email or username').fill(reader.username);
  await page.getByLabel('Password').fill(reader.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Back where we were headed before being asked to sign in.
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
  await expectProfile(page, reader.username);
});

async function expectProfile(page: Page, username: string) {
  await expect(page).toHaveURL(new RegExp(`/u/${username}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
  await expect(page.getByText(`@${username}`)).toBeVisible();
  await expect(page.getByText('Mostly novels about engines, and the occasional poem.')).toBeVisible();
  await expect(page.getByText('Followers only')).toBeVisible();
  await expectAccessible(page, 'profile');
  const avatar = page.getByRole('img', { name: 'Avatar of Ada Lovelace' });
  await expect(avatar).toBeVisible();
  // The image must actually load, not just be in the markup.
  await expect
    .poll(() => avatar.evaluate((image) => image instanceof HTMLImageElement && image.naturalWidth > 0))
    .toBe(true);
}

test.describe('refused requests', () => {
  // These flows expect the server to refuse (409, 401); the browser logs those responses.
  test.use({ allowConsoleErrors: [/status of (401|409)/] });

  test('a taken username is reported next to the username field', async ({ browser, page }) => {
    const first = newReader('taken');
    const firstContext = await browser.newContext();
    const firstPage = await firstContext.newPage();
    await signUp(firstPage, first);
    await expect(firstPage.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
    await firstContext.close();

    await signUp(page, { ...first, email: `other_${first.email}` });
    const username = page.getByLabel('Username');
    await expect(username).toHaveAttribute('aria-invalid', 'true');
    await expect(username).toHaveAccessibleDescription(/taken|in use|already/i);
    await expect(username).toBeFocused();
    await expect(page).toHaveURL(/\/sign-up$/);
  });

  test('client-side checks explain what to fix before anything is sent', async ({ page }) => {
    await page.goto('/sign-up');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Username').fill('ab');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByLabel('Email')).toHaveAccessibleDescription(/valid email/i);
    await expect(page.getByLabel('Username')).toHaveAccessibleDescription(/3 to 30/);
    await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/at least 8/i);
    await expect(page.getByLabel('Email')).toBeFocused();
  });

  test('wrong credentials are refused with a message', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email or username').fill(uniqueUsername('nobody'));
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /./ })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('when the session ends, the next request sends the reader to sign in', async ({ page, context }) => {
    const reader = newReader('gone');
    await signUp(page, reader);
    await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    // The page's own requests first: the one that meets the ended session must be the save.
    await page.waitForLoadState('networkidle');

    await context.clearCookies();
    await page.getByRole('region', { name: 'Profile' }).getByLabel('Bio').fill('Never saved.');
    await page.getByRole('button', { name: 'Save profile' }).click();

    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  });
});

test('a device signed out by a password change elsewhere is told why', async ({ page, browser }) => {
  const reader = newReader('moved');
  await signUp(page, reader);
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto('/sign-in');
  await otherPage.getByLabel('Email or username').fill(reader.username);
  await otherPage.getByLabel('Password').fill(reader.password);
  await otherPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(otherPage.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
  await otherPage.goto('/settings');
  await otherPage.getByLabel('Current password').fill(reader.password);
  await otherPage.getByLabel('New password', { exact: true }).fill('another long password');
  await otherPage.getByLabel('Confirm new password').fill('another long password');
  await otherPage.getByRole('button', { name: 'Change password' }).click();
  await expect(otherPage.getByRole('status').filter({ hasText: 'Password changed.' })).toBeVisible();
  await other.close();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /signed out on this device/ })).toBeVisible();
});
