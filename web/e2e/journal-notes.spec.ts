/// <reference types="node" />
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';

test.describe.configure({ timeout: 90_000 });

function unique(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(0, 30);
}

async function signUp(page: Page, displayName = 'Nell Notes'): Promise<string> {
  const username = unique('jn');
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
  return username;
}

/** A request as the signed-in reader (cookie session + CSRF header). */
async function api(page: Page, method: 'POST' | 'PATCH' | 'PUT', path: string, data?: object) {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'bt_csrf')?.value ?? '';
  const response = await page.request.fetch(path, { method, data, headers: { 'X-CSRF-Token': csrf } });
  expect(response.status(), `${method} ${path}`).toBeLessThan(300);
  return response.status() === 204 ? null : ((await response.json()) as Record<string, unknown>);
}

async function shelveNewBook(page: Page, title: string, status = 'currently_reading') {
  const book = (await api(page, 'POST', '/api/books', { title, authors: ['Ada Quill'], pageCount: 300 })) as {
    id: number;
  };
  const entry = (await api(page, 'POST', '/api/library', { bookId: book.id, status })) as { id: number };
  return { bookId: book.id, entryId: entry.id };
}

/** A real PNG (8×8, one colour), made here so the test needs no fixture file. */
function makePng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.concat(
    Array.from({ length: 8 }, () => Buffer.from([0, ...Array(8).fill([47, 107, 87]).flat()])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function toast(page: Page, text: string | RegExp) {
  return page.getByRole('status').filter({ hasText: text });
}

test('write a journal entry, keep a quote from page 42, attach a PNG by drag-and-drop, download it, delete and undo', async ({
  page,
}) => {
  await signUp(page);
  const title = `The Salt Archive ${unique('ed')}`;
  const { bookId } = await shelveNewBook(page, title);

  // The journal: a Markdown entry about the book, saved with the keyboard.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Journal' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Journal' })).toBeVisible();
  const composer = page.getByRole('form', { name: 'New journal entry' });
  await composer.getByLabel('What are you thinking?').fill('The archive chapter *surprised* me.');
  await composer.getByLabel('Book').selectOption({ label: `${title} (reading)` });
  await composer.getByLabel('Page').fill('12');
  await composer.getByLabel('What are you thinking?').press('Control+Enter');
  const today = page.getByRole('region', { name: 'Today' });
  const entry = today.getByRole('article').first();
  await expect(entry.getByText('surprised', { exact: true })).toHaveJSProperty('tagName', 'EM');
  await expect(entry.getByRole('link', { name: title })).toBeVisible();
  await expect(entry).toContainText('p. 12');
  await expect(composer.getByLabel('What are you thinking?')).toHaveValue('');
  await expectAccessible(page, 'journal page');

  // Searching one's own words finds it, highlighted.
  await page.getByRole('searchbox', { name: /Words in your journal/ }).fill('archive');
  const hit = page
    .getByRole('list', { name: /Your words matching/ })
    .getByRole('link')
    .first();
  await expect(hit.locator('mark')).toHaveText(/archive/i);
  await hit.click();
  await expect(page).toHaveURL(/\/journal#journal-\d+$/);
  await expect(entry).toBeFocused();

  // A quote from page 42 on the book page, added with the keyboard.
  await page.goto(`/books/${bookId}`);
  const notes = page.getByRole('region', { name: 'Your notes and quotes' });
  await notes.getByRole('button', { name: 'Add a note' }).click();
  const form = notes.getByRole('form', { name: 'New note' });
  await form.getByLabel('Quote').fill('Every archive is a kind of tide.');
  await form.getByLabel('Page').fill('42');
  await form.getByLabel('Quote').press('Control+Enter');
  const note = notes.getByRole('article', { name: 'Note, Page 42' });
  await expect(note.locator('blockquote')).toHaveText('Every archive is a kind of tide.');

  // Attach a PNG by dropping it on the note (a real DataTransfer with a File in it).
  const png = makePng();
  const dataTransfer = await page.evaluateHandle((base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'page-42.png', { type: 'image/png' }));
    return transfer;
  }, png.toString('base64'));
  const dropzone = note.getByTestId(/-dropzone$/);
  await dropzone.dispatchEvent('dragenter', { dataTransfer });
  await dropzone.dispatchEvent('dragover', { dataTransfer });
  await dropzone.dispatchEvent('drop', { dataTransfer });
  const thumbnail = note.getByRole('img', { name: 'Preview of page-42.png' });
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expectAccessible(page, 'book page with notes');

  // Download it: the bytes are the stored (re-encoded) PNG, whose SHA-256 the API lists.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    note.getByRole('link', { name: 'page-42.png' }).click(),
  ]);
  const downloaded = await readFile(await download.path());
  expect(downloaded.subarray(0, 8)).toEqual(png.subarray(0, 8));
  expect(downloaded.readUInt32BE(16)).toBe(8); // width from IHDR
  const listed = (await (await page.request.get(`/api/notes?bookId=${bookId}`)).json()) as {
    items: { attachments: { sha256: string }[] }[];
  };
  expect(createHash('sha256').update(downloaded).digest('hex')).toBe(listed.items[0]?.attachments[0]?.sha256);

  // Delete the note, then undo: it is back with its file.
  await note.getByRole('button', { name: 'Delete note, Page 42' }).click();
  await expect(note).toBeHidden();
  await toast(page, 'Note deleted.').getByRole('button', { name: 'Undo' }).click();
  await expect(note).toBeVisible();
  await expect(note.getByRole('img', { name: 'Preview of page-42.png' })).toBeVisible();
  await page.reload();
  await expect(note.locator('blockquote')).toHaveText('Every archive is a kind of tide.');

  // Without Undo the delete is sent once the toast's time is up.
  const deleted = page.waitForResponse(
    (response) => response.request().method() === 'DELETE' && /\/api\/notes\/\d+$/.test(response.url()),
    { timeout: 20_000 },
  );
  await note.getByRole('button', { name: 'Delete note, Page 42' }).click();
  expect((await deleted).status()).toBe(204);
  await page.reload();
  await expect(notes.getByText(/Keep the passages you want to remember/)).toBeVisible();
  await expect(note).toHaveCount(0);
});

// Each payload sets window.__pwned if it ever runs.
const HOSTILE = [
  'Hostile corpus',
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<svg onload="window.__pwned = \'svg\'"><circle r="4"/></svg>',
  '<iframe src="javascript:parent.__pwned = \'iframe\'"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>',
  '<a href="javascript:window.__pwned = \'raw-a\'">raw link</a>',
  '<object data="data:text/html,<script>parent.__pwned = 1</script>"></object>',
  '<style>body { display: none }</style>',
  '[js link](javascript:window.__pwned=1)',
  '[JS link](JaVaScRiPt:window.__pwned=1)',
  '[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)',
  '[ref link][evil]',
  '<javascript:window.__pwned=1>',
  '![tracking pixel](https://tracker.invalid/pixel.png)',
  '![js image](javascript:window.__pwned=1)',
  '[a real link](https://example.org/page)',
  '',
  '[evil]: javascript:window.__pwned=1',
].join('\n\n');

interface Watched {
  requests: string[];
  dialogs: string[];
  errors: string[];
}

async function expectInert(page: Page, what: string, { requests, dialogs, errors }: Watched) {
  const markdown = page.locator('[data-markdown]');
  await expect(markdown.filter({ hasText: 'Hostile corpus' }).first()).toBeVisible();
  // The renderer has loaded (until then the text shows as typed, escaped by React).
  await expect(page.locator('[data-markdown-pending]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), what).toBeUndefined();
  expect(
    await markdown
      .locator('script, img, svg, iframe, object, embed, style, form, input, video, audio')
      .count(),
    what,
  ).toBe(0);
  for (const link of await markdown.locator('a').all()) {
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    expect(await link.getAttribute('href'), what).not.toMatch(/^\s*(javascript|data|vbscript):/i);
  }
  expect(dialogs, what).toEqual([]);
  expect(requests, `${what}: requests off the origin`).toEqual([]);
  expect(errors, `${what}: console errors`).toEqual([]);
}

/** What a page does that it should not: leave the origin, open dialogs, log errors (the fixture's
 * console check covers only its own page, not these extra contexts). */
function watch(page: Page, origin: string): Watched {
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`Uncaught: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) requests.push(url);
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { requests, dialogs, errors };
}

async function newReader(browser: Browser, baseURL: string, name: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const username = await signUp(page, name);
  return { context, page, username };
}

test('hostile Markdown from one reader stays inert for another', async ({ browser, baseURL }) => {
  const origin = new URL(baseURL ?? '').origin;
  const author = await newReader(browser, origin, 'Mallory Writer');
  const reader = await newReader(browser, origin, 'Bob Reader');
  const { page: a } = author;
  const { page: b } = reader;

  // Reader A writes the corpus everywhere words go: a public journal entry, a note and a review.
  const { bookId, entryId } = await shelveNewBook(a, `Poisoned Ink ${unique('ed')}`, 'read');
  await api(a, 'POST', '/api/journals', { content: HOSTILE, bookId, visibility: 'public' });
  await api(a, 'POST', '/api/notes', {
    bookId,
    content: HOSTILE,
    quote: '<script>window.__pwned=1</script>',
    page: 3,
  });
  await api(a, 'PATCH', `/api/library/${entryId}`, { review: HOSTILE, rating: 2 });
  await api(b, 'PUT', `/api/users/${author.username}/follow`);

  const seenByB = watch(b, origin);
  await b.goto('/');
  await expectInert(b, 'the feed', seenByB);
  await b.goto(`/u/${author.username}`);
  await expect(b.getByRole('heading', { name: 'Journal' })).toBeVisible();
  await expectInert(b, 'the profile journal', seenByB);
  await b.goto(`/books/${bookId}`);
  await expect(b.getByRole('heading', { name: 'Readers’ ratings and reviews' })).toBeVisible();
  await expectInert(b, 'the book page reviews', seenByB);
  // Clicking the links that were defused does nothing either.
  for (const name of ['js link', 'JS link', 'data link', 'ref link']) {
    await b.getByText(name, { exact: true }).first().click();
  }
  await expectInert(b, 'after clicking the defused links', seenByB);
  await expectAccessible(b, 'book page with hostile reviews');

  // A's own note on the book page goes through the same renderer.
  const seenByA = watch(a, origin);
  await a.goto(`/books/${bookId}`);
  await expect(a.getByRole('article', { name: 'Note, Page 3' })).toBeVisible();
  await expectInert(a, 'the author’s note', seenByA);
  await expect(a.getByRole('article', { name: 'Note, Page 3' }).locator('blockquote')).toHaveText(
    '<script>window.__pwned=1</script>',
  );

  await author.context.close();
  await reader.context.close();
});

test('removing a book with notes asks whether the notes go too', async ({ page }) => {
  await signUp(page);
  const notesOf = async (bookId: number) =>
    ((await (await page.request.get(`/api/notes?bookId=${bookId}`)).json()) as { items: unknown[] }).items
      .length;

  for (const [choice, left] of [
    ['Remove, keep my notes', 1],
    ['Remove and delete my notes', 0],
  ] as const) {
    const { bookId } = await shelveNewBook(page, `Tidewater ${unique('ed')}`);
    await api(page, 'POST', '/api/notes', { bookId, quote: 'The sea keeps what it takes.', page: 7 });
    await page.goto(`/books/${bookId}`);
    await expect(page.getByRole('article', { name: 'Note, Page 7' })).toBeVisible();
    await page.getByRole('button', { name: 'Remove from library' }).click();
    const question = page.getByRole('group', { name: /You have a note on this book/ });
    await expect(question.getByRole('button', { name: 'Remove, keep my notes' })).toBeFocused();
    // The sticky header half-covering a field is a target-size finding of its own; check from the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectAccessible(page, 'the remove question');
    await question.getByRole('button', { name: choice }).click();
    await expect(toast(page, /Removed “Tidewater/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Remove from library' })).toHaveCount(0);
    expect(await notesOf(bookId), choice).toBe(left);
    await expect(page.getByRole('article', { name: 'Note, Page 7' })).toHaveCount(left);
  }
});

test.describe('attachments by file picker', () => {
  // The refused upload below is a 415 the page expects; Chromium logs every failed request.
  test.use({ allowConsoleErrors: [/status of 415 \(Unsupported Media Type\)/] });

  test('a progress bar while sending, a type icon for text, the server’s reason for a refusal', async ({
    page,
  }) => {
    await signUp(page);
    const { bookId } = await shelveNewBook(page, `Quiet Engines ${unique('ed')}`);
    await api(page, 'POST', '/api/notes', {
      bookId,
      content: 'Notes on the engine room.',
      location: 'ch. 12',
    });
    await page.goto(`/books/${bookId}`);
    const note = page.getByRole('article', { name: 'Note, ch. 12' });
    await expect(note).toBeVisible();
    const picker = note.locator('input[type="file"]');

    // A slow uplink (DevTools throttling) so the progress of a 300 KB text file can be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 100 * 1024,
    });
    await picker.setInputFiles({
      name: 'engine-room.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('The engines hum in the dark.\n'.repeat(10_000)),
    });
    const progress = note.getByRole('progressbar', { name: 'Uploading engine-room.txt' });
    await expect(progress).toBeVisible();
    await expect
      .poll(async () => Number(await progress.getAttribute('value')), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await expect(note.getByRole('link', { name: 'engine-room.txt' })).toBeVisible({ timeout: 20_000 });
    await expect(progress).toHaveCount(0);
    await expect(note.locator('svg text')).toHaveText('TXT');

    // An HTML page named .txt is refused (415) and the reader is told why.
    await picker.setInputFiles({
      name: 'totally-text.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
    });
    const refusal = note.getByRole('alert').filter({ hasText: '“totally-text.txt” was not attached' });
    await expect(refusal).toBeVisible();
    await expect(refusal).not.toHaveText(/The file could not be attached/);
    await expectAccessible(page, 'a note with an attachment and a refusal');
    await refusal.getByRole('button', { name: 'Dismiss' }).click();
    await expect(refusal).toHaveCount(0);
  });
});
