import { render, waitFor } from '@testing-library/react';
import { RouterProvider } from 'react-router/dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BookWithEntry } from '../features/books/api/get-book';
import { prefetchPageData } from './page-data';
import { pageDataUrls, SESSION_URL } from './page-preloads';
import { AppProviders } from './providers';
import { createQueryClient } from './query-client';
import { matchAppPath } from './route-paths';
import { createAppRouter } from './router';

const reader = {
  id: 1,
  username: 'iris',
  displayName: 'Iris',
  email: 'iris@example.com',
  emailVerified: true,
  googleLinked: false,
  hasPassword: true,
  avatarUrl: null,
  bio: '',
  privacy: 'public',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** Book 12, not on the reader's shelf: the page then shows what it shows under any book. */
const book12: BookWithEntry = {
  id: 12,
  title: 'The Salt Roads',
  subtitle: null,
  authors: ['Iris Vale'],
  canEdit: false,
  categories: [],
  coverThumbnailUrl: null,
  coverUrl: null,
  description: null,
  isbn10: null,
  isbn13: null,
  language: null,
  libraryEntry: null,
  pageCount: 320,
  publishedDate: '2020',
  publisher: null,
  source: 'manual',
  sourceId: null,
};

/**
 * Opens `pathname` in the whole app, signed in, and answers with the URLs it fetched. The browser
 * is what the test stands in for (fetch records and answers the session and book 12; everything
 * else stays pending, as on a slow network): the server's preloads must be exactly what the page
 * asks for.
 */
async function fetchedBy(pathname: string, expected: string[], primed = false): Promise<string[]> {
  const urls: string[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    urls.push(url);
    if (url === SESSION_URL) {
      return Promise.resolve(
        new Response(JSON.stringify({ user: reader, sessionEnded: false }), {
          headers: { 'Content-Type': 'application/json' },
        }),
      );
    }
    if (url === '/api/books/12') {
      return Promise.resolve(
        new Response(JSON.stringify(book12), { headers: { 'Content-Type': 'application/json' } }),
      );
    }
    return new Promise<Response>(() => {});
  });
  window.history.replaceState(null, '', pathname);
  const queryClient = createQueryClient();
  // As main.tsx does before its first render (the answers stay pending here, as on a slow network).
  if (primed) void prefetchPageData(queryClient, pathname, '');
  render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={createAppRouter()} />
    </AppProviders>,
  );
  await waitFor(() => expect(urls).toEqual(expect.arrayContaining(expected)), { timeout: 10_000 });
  queryClient.clear();
  return urls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the server's preloads match what each page asks for", () => {
  for (const pathname of ['/', '/library', '/books/12']) {
    it(pathname, async () => {
      const matched = matchAppPath(pathname);
      if (!matched) throw new Error(`${pathname} is no page`);
      const expected = [SESSION_URL, ...pageDataUrls(matched.page, matched.params, '')];
      expect(expected.length).toBeGreaterThan(1);
      const urls = await fetchedBy(pathname, expected);
      expect(urls).toEqual(expect.arrayContaining(expected));
    });
  }
});

describe('the data main.tsx asks for before the first render is what each page asks for', () => {
  for (const pathname of ['/', '/library', '/books/12']) {
    it(pathname, async () => {
      const matched = matchAppPath(pathname);
      if (!matched) throw new Error(`${pathname} is no page`);
      const expected = pageDataUrls(matched.page, matched.params, '');
      const urls = await fetchedBy(pathname, expected, true);
      // Each URL once and nothing else: the page's own queries found the prefetched ones (same
      // keys) in flight, and nothing was prefetched that the page does not use.
      expect(urls.filter((url) => url !== SESSION_URL).sort()).toEqual([...expected].sort());
    });
  }
});
