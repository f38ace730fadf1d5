// Every page of the web app, as path patterns. The router (router.tsx) registers these paths and
// the server (server/src/plugins/web-app.plugin.ts) answers 404 for any other path while still
// serving the app's own not-found page. Plain TypeScript without imports, so both can load it.
// Add a page here when you add it to the router (a unit test checks the two agree).
export const APP_PATHS = {
  home: '/',
  signIn: '/sign-in',
  signUp: '/sign-up',
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password',
  verifyEmail: '/verify-email',
  providerReturn: '/auth/return',
  profile: '/profile',
  settings: '/settings',
  search: '/search',
  library: '/library',
  book: '/books/:id',
  stats: '/stats',
  journal: '/journal',
  readers: '/readers',
  user: '/u/:username',
} as const;

const PATTERNS = Object.values(APP_PATHS).map(
  (pattern) => new RegExp(`^${pattern.replace(/:[^/]+/g, '[^/]+')}/?$`),
);

/** True when `pathname` is a page of the app (not its not-found page). */
export function isAppPath(pathname: string): boolean {
  return PATTERNS.some((pattern) => pattern.test(pathname));
}

export type AppPage = keyof typeof APP_PATHS;

const PAGE_PATTERNS = (Object.entries(APP_PATHS) as [AppPage, string][]).map(([page, pattern]) => {
  const names = [...pattern.matchAll(/:([^/]+)/g)].map((match) => match[1] ?? '');
  return { page, names, regex: new RegExp(`^${pattern.replace(/:[^/]+/g, '([^/]+)')}/?$`) };
});

/** The page `pathname` shows and its parameters (`/books/12` → book, { id: '12' }), or null. */
export function matchAppPath(pathname: string): { page: AppPage; params: Record<string, string> } | null {
  for (const { page, names, regex } of PAGE_PATTERNS) {
    const match = regex.exec(pathname);
    if (match) {
      return { page, params: Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? ''])) };
    }
  }
  return null;
}
