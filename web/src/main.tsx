// Tokens and the global base first, so each component's module can build on them.
import './styles/tokens.css';
import './styles/base.css';
import { onlineManager } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
// Ends the entry's first task here (after React DOM): see the module.
import './app/yield-to-browser';
import { RouterProvider } from 'react-router/dom';
import { reloadOnNewBuild } from './app/new-build';
import { prefetchPageData } from './app/page-data';
import { AppProviders } from './app/providers';
import { createQueryClient } from './app/query-client';
import { createAppRouter } from './app/router';
import { meQueryKey, meQueryOptions } from './features/account/api/get-me';

// TanStack Query assumes online until told otherwise; a page opened offline (from the service
// worker's shell) starts offline.
onlineManager.setOnline(navigator.onLine);
let router: ReturnType<typeof createAppRouter> | null = null;
reloadOnNewBuild(() => {
  const next = router?.state.navigation.location;
  return next ? `${next.pathname}${next.search}${next.hash}` : null;
});

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('The page has no #root element.');

/** How long the first render waits for the session and the page's first data before it goes ahead. */
const FIRST_DATA_WAIT_MS = 1500;

const queryClient = createQueryClient();

/**
 * The router and the first render run in tasks of their own, not inside the entry script's
 * evaluation, and the first render is a transition, which React splits into short slices: a slow
 * phone's main thread is never blocked for long at a time (Lighthouse's Total Blocking Time counts
 * every task over 50 ms, multiplied by its CPU slowdown).
 */
function boot(root: HTMLElement): void {
  const appRouter = createAppRouter();
  router = appRouter;
  const reactRoot = createRoot(root);
  startTransition(() => {
    reactRoot.render(
      <StrictMode>
        <AppProviders queryClient={queryClient}>
          <RouterProvider router={appRouter} />
        </AppProviders>
      </StrictMode>,
    );
  });
}

/**
 * Who is signed in, then (for a reader) the page's first data, asked for at once (the server's
 * preloads in index.html usually have the answers on their way already). The first render waits
 * for them, up to FIRST_DATA_WAIT_MS, so the page renders once, complete, instead of a skeleton and
 * then a synchronous re-render per answer; index.html's brand bar shows meanwhile. Offline there is
 * nothing to wait for.
 */
async function firstData(): Promise<void> {
  await queryClient.prefetchQuery(meQueryOptions);
  if (queryClient.getQueryData(meQueryKey)) {
    await prefetchPageData(queryClient, window.location.pathname, window.location.search);
  }
}
const ready = firstData();
/** Settles once the first render has been asked for. */
const firstRender = new Promise((resolve) =>
  onlineManager.isOnline()
    ? void Promise.race([ready, new Promise((wait) => setTimeout(wait, FIRST_DATA_WAIT_MS))]).then(resolve)
    : setTimeout(resolve, 0),
).then(() => boot(rootElement));

// The service worker (web/public/sw.js) keeps the app shell and covers for offline use; only the
// production build has one, so development always sees fresh files. Installing it fetches the
// shell's files again, which on a slow phone's first visit competed with the first render (on a
// two-core VM, Lighthouse's Total Blocking Time of the four pages fell from 333–796 ms to 40–272 ms
// once it waited, docs/performance.md): it is registered once the page has loaded, the first
// render is under way and then the browser is idle.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () => {
    // Offline the script cannot be fetched (Chromium logs that as an error): once back online.
    if (!navigator.onLine) {
      window.addEventListener('online', register, { once: true });
      return;
    }
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Without it the app works as before, just not offline.
    });
  };
  const loaded =
    document.readyState === 'complete'
      ? Promise.resolve()
      : new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  void Promise.all([loaded, firstRender]).then(() => {
    setTimeout(() => {
      if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 5000 });
      else register();
    }, 1000);
  });
}
