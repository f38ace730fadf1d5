// Book Tracker's service worker: the app shell and book covers work offline; API answers never
// touch the cache (they belong to a signed-in reader and must always be fresh).
const VERSION = 'v1';
const SHELL_CACHE = `book-tracker-shell-${VERSION}`;
const COVER_CACHE = `book-tracker-covers-${VERSION}`;
const MAX_COVERS = 300;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      const response = await fetch('/index.html', { cache: 'no-cache' });
      if (!response.ok) return;
      const html = await response.clone().text();
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
      await cache.put('/index.html', response);
      await cache.addAll([...new Set(assets)]);
    })().then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL_CACHE, COVER_CACHE]);
      for (const key of await caches.keys()) if (!keep.has(key)) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

function isServerPath(pathname) {
  return /^\/(api|docs|metrics|healthz|readyz|openapi\.json)(\/|$)/.test(pathname);
}

/** Pages: the network first (always the newest app), the cached shell when there is none. */
async function page(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(SHELL_CACHE);
      await cache.put('/index.html', response.clone());
    }
    return response;
  } catch (error) {
    const shell = await caches.match('/index.html');
    if (shell) return shell;
    throw error;
  }
}

/** Hashed assets never change: the cache first, filled as pages load their chunks. */
async function asset(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

/** Covers: the cache first, the oldest dropped past MAX_COVERS. */
async function cover(request) {
  const cache = await caches.open(COVER_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok || response.type === 'opaque') {
    await cache.put(request, response.clone());
    const keys = await cache.keys();
    for (const key of keys.slice(0, Math.max(0, keys.length - MAX_COVERS))) await cache.delete(key);
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const sameOrigin = url.origin === self.location.origin;
  if (sameOrigin && isServerPath(url.pathname)) return;
  if (request.mode === 'navigate' && sameOrigin) {
    event.respondWith(page(request));
  } else if (sameOrigin && url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  } else if (request.destination === 'image' && (!sameOrigin || url.pathname.startsWith('/media/covers/'))) {
    event.respondWith(cover(request));
  }
});
