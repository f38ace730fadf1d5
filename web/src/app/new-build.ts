// A tab opened before a new build (a deploy, or `npm run build` beside a running server) still
// runs the old entry, whose pages' chunks are gone from the server: opening one of those pages
// would end on "Something went wrong". Vite reports such a failed chunk load as `vite:preloadError`;
// online, the page is loaded again once, which brings the new build (at the address the reader was
// going to, when a link's page failed to load). Offline the chunk is simply
// unreachable (the page's error says so), and a reload that fails again within a minute is not
// repeated, so a build the server cannot serve never loops.
const RELOADED_AT = 'book-tracker:reloaded-for-new-build';
const AGAIN_AFTER_MS = 60_000;

/** `pendingPath` names the address being navigated to, if any (path, query and hash). */
export function reloadOnNewBuild(pendingPath: () => string | null): void {
  window.addEventListener('vite:preloadError', (event) => {
    if (!navigator.onLine) return;
    try {
      if (Date.now() - (Number(sessionStorage.getItem(RELOADED_AT)) || 0) < AGAIN_AFTER_MS) return;
      sessionStorage.setItem(RELOADED_AT, String(Date.now()));
    } catch {
      // Storage refused (a private window's quota): without the guard, do not reload at all.
      return;
    }
    event.preventDefault();
    const next = pendingPath();
    if (next) window.location.assign(next);
    else window.location.reload();
  });
}
