// What the first load of a page needs before it can draw its content, so that the server can name
// it in index.html (<link rel="modulepreload"> and <link rel="preload" as="fetch">) and the browser
// fetches it alongside the app's own script instead of after it (a slow phone's Largest
// Contentful Paint waited for four round trips in a row). Plain TypeScript without runtime
// imports, so the server and the Vite config can load it too.
// - PAGE_MODULES: the module router.tsx loads lazily for each page (route-paths.test.ts checks it).
// - pageDataUrls: the API GETs a signed-in page starts with, exactly as the page asks for them (a
//   preload is only used when the URL matches to the byte; page-preloads.test.tsx renders each page
//   and checks).
import type { AppPage } from './route-paths.ts';

export const PAGE_MODULES: Partial<Record<AppPage, string>> = {
  signIn: 'src/features/auth/components/sign-in-page.tsx',
  signUp: 'src/features/auth/components/sign-up-page.tsx',
  forgotPassword: 'src/features/auth/components/forgot-password-page.tsx',
  home: 'src/features/feed/components/feed-page.tsx',
  settings: 'src/features/account/components/settings-page.tsx',
  search: 'src/features/books/components/search-page.tsx',
  library: 'src/features/library/components/library-page.tsx',
  book: 'src/features/books/components/book-page.tsx',
  stats: 'src/features/stats/components/stats-page.tsx',
  readers: 'src/features/social/components/readers-page.tsx',
  journal: 'src/features/journals/components/journal-page.tsx',
  resetPassword: 'src/features/auth/components/reset-password-page.tsx',
  verifyEmail: 'src/features/account/components/verify-email-page.tsx',
  providerReturn: 'src/features/auth/components/provider-return-page.tsx',
  user: 'src/features/profile/components/profile-page.tsx',
};

/** Every page asks who is signed in first (the answer is 200 either way). */
export const SESSION_URL = '/api/session';

/**
 * The API GETs a signed-in reader's page starts with, besides the session. Only the pages a reader
 * opens most; the address's query string is not read (a filtered library falls back to fetching
 * after the script, as every other page does).
 */
export function pageDataUrls(page: AppPage, params: Record<string, string>, search: string): string[] {
  if (page === 'home') {
    return ['/api/library?status=currently_reading&sort=updated&order=desc&limit=24', '/api/feed?limit=20'];
  }
  if (page === 'library' && search === '') {
    return ['/api/library?limit=48&sort=updated&order=desc', '/api/library/counts'];
  }
  // The book, and what the page shows for any book below it: the reader's notes and others' reviews.
  if (page === 'book' && /^[1-9]\d{0,15}$/.test(params.id ?? '')) {
    return [
      `/api/books/${params.id}`,
      `/api/notes?bookId=${params.id}&limit=100`,
      `/api/books/${params.id}/reviews?limit=50`,
    ];
  }
  return [];
}
