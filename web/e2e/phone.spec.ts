import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { shelveBook, signUp } from './support/readers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

async function expectNoSidewaysScroll(page: Page, what: string) {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll, `${what} scrolls sideways`).toBeLessThanOrEqual(widths.client);
}

/**
 * Every control a finger can tap is at least 24×24 CSS px (WCAG 2.2 target size); links inside a
 * sentence are exempt, as WCAG allows.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'button, input:not([type=hidden]), select, textarea, [role=tab], nav a, a[class*=button]',
    );
    for (const element of controls) {
      let rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      // A checkbox or radio is tapped through its label too; a 1 px input is a hidden one a label stands for.
      if (element instanceof HTMLInputElement && element.labels && element.labels.length > 0) {
        if (rect.width <= 1 && rect.height <= 1) continue;
        for (const label of element.labels) {
          const box = label.getBoundingClientRect();
          if (box.width * box.height > rect.width * rect.height) rect = box;
        }
      }
      if (element.closest('.visually-hidden, [aria-hidden=true], dialog:not([open])')) continue;
      if (getComputedStyle(element).visibility === 'hidden') continue;
      if (rect.width < 24 || rect.height < 24) {
        const name = element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName;
        small.push(
          `${element.tagName.toLowerCase()} "${name.slice(0, 40)}" ${Math.round(rect.width)}×${Math.round(rect.height)}`,
        );
      }
    }
    return small;
  });
}

test('at 390×844 the tab bar shows every destination, nothing scrolls sideways and every target is big enough', async ({
  page,
}) => {
  const { username } = await signUp(page, 'phone');
  const book = await shelveBook(
    page,
    { status: 'currently_reading', startedOn: '2026-10-15', progressPages: 500 },
    {
      publisher: 'Harbour & Lantern Press',
      isbn13: '9780143117537',
      categories: ['Fiction', 'Sea stories'],
      description: 'A long voyage along the salt roads. '.repeat(40),
    },
  );
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const links = nav.getByRole('link');
  // allInnerTexts does not wait: the menu is drawn by the app once its script has run.
  await expect(nav.getByRole('link', { name: 'Settings' })).toBeVisible();
  const names = await links.allInnerTexts();
  // Profile is the avatar in the header on a phone, not a tab.
  expect(names.map((name) => name.trim())).toEqual([
    'Feed',
    'Search',
    'Library',
    'Journal',
    'Stats',
    'Readers',
    'Settings',
  ]);
  for (const link of await links.all()) {
    const box = await link.boundingBox();
    if (!box) throw new Error('a tab has no box');
    // Wholly on screen (nothing clipped) and a 44 px primary target.
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390.5);
    expect(box.y + box.height).toBeLessThanOrEqual(844.5);
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
  }

  // Every destination is one tap away, and no page scrolls sideways or has a tiny target.
  const pages: [string, RegExp][] = [
    ['Search', /Find a book/],
    ['Library', /Your library/],
    ['Stats', /stats|Stats|reading/i],
    ['Readers', /readers/i],
    ['Settings', /Settings/],
    ['Feed', /^Hello/],
  ];
  for (const [label, heading] of pages) {
    await nav.getByRole('link', { name: label }).tap();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(nav.getByRole('link', { name: label })).toHaveAttribute('aria-current', 'page');
    await expectNoSidewaysScroll(page, label);
    expect(await smallTargets(page), `small targets on ${label}`).toEqual([]);
  }
  await page.getByRole('link', { name: /^Your profile/ }).tap();
  await expect(page.getByRole('heading', { level: 1, name: username })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/u/${username}$`));
  await expectNoSidewaysScroll(page, 'Profile');
  expect(await smallTargets(page), 'small targets on Profile').toEqual([]);
  await nav.getByRole('link', { name: 'Feed' }).tap();
  await expectAccessible(page, 'home page on a phone');

  // Every shelf tab is on screen without scrolling.
  await page.goto('/library');
  const shelves = page.getByRole('navigation', { name: 'Shelves' }).getByRole('link');
  await expect(shelves).toHaveCount(5);
  for (const tab of await shelves.all()) {
    const box = await tab.boundingBox();
    if (!box) throw new Error('a shelf tab has no box');
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390.5);
    expect(box.height).toBeGreaterThanOrEqual(24);
  }
  await expectNoSidewaysScroll(page, 'library');
  expect(await smallTargets(page), 'small targets on the library').toEqual([]);

  // The book page: the reader's own section (shelf buttons included) is above the fold.
  await page.goto(`/books/${book.id}`);
  const reading = page.getByRole('region', { name: 'Your reading' });
  const shelf = reading.getByRole('button', { name: 'Reading', exact: true });
  await expect(shelf).toBeVisible();
  // Every shelf button above the fold and clear of the tab bar.
  const tabBarTop = (await nav.boundingBox())?.y ?? 844;
  for (const name of ['Want to read', 'Reading', 'Read', 'Did not finish']) {
    const box = await reading.getByRole('button', { name, exact: true }).boundingBox();
    expect(box && box.y + box.height, `${name} above the tab bar`).toBeLessThanOrEqual(tabBarTop);
  }
  await expectNoSidewaysScroll(page, 'book page');
  expect(await smallTargets(page), 'small targets on the book page').toEqual([]);
  // Each half star is a target of its own, at least 24×24.
  for (const half of await reading.getByRole('radio', { name: /stars?$/ }).all()) {
    const box = await half.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(24);
    expect(box?.height).toBeGreaterThanOrEqual(24);
  }
  await expectAccessible(page, 'book page on a phone');
});
