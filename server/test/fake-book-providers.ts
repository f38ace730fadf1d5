import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers one request with. */
export interface FakeResponse {
  status?: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim instead of `body` (for broken JSON). */
  raw?: string;
  headers?: Record<string, string>;
  /** Holds the answer back this long (to run into the client's timeout). */
  delayMs?: number;
}

export type FakeHandler = (query: URLSearchParams, path: string) => FakeResponse | undefined;

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
}

/**
 * A real local HTTP server standing in for Google Books (under `/books/v1`) and Open Library (under
 * `/ol`). Tests register a handler per path; unknown paths answer 404 like the real services.
 */
export interface FakeBookProviders {
  /** GOOGLE_BOOKS_API_URL for the app under test. */
  googleUrl: string;
  /** OPEN_LIBRARY_URL for the app under test. */
  openLibraryUrl: string;
  /** The env overrides that point an app at this server. */
  env: Record<string, string>;
  requests: RecordedRequest[];
  /** Answers requests to `path` (e.g. '/books/v1/volumes', '/ol/search.json'); a path prefix ending in '/' matches below it. */
  on(path: string, handler: FakeHandler): void;
  reset(): void;
  /** Requests seen for a path (or below a prefix ending in '/'). */
  requestsTo(path: string): RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeBookProviders(): Promise<FakeBookProviders> {
  const handlers = new Map<string, FakeHandler>();
  const requests: RecordedRequest[] = [];
  const matches = (route: string, path: string) =>
    route.endsWith('/') ? path.startsWith(route) : route === path;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ path: url.pathname, query: url.searchParams });
    const route = [...handlers.keys()].find((r) => matches(r, url.pathname));
    const answer: FakeResponse = (route
      ? handlers.get(route)?.(url.searchParams, url.pathname)
      : undefined) ?? {
      status: 404,
      body: { error: 'not found' },
    };
    const send = () => {
      if (res.destroyed) return;
      const payload = answer.raw ?? JSON.stringify(answer.body ?? {});
      res.writeHead(answer.status ?? 200, {
        'content-type': 'application/json; charset=utf-8',
        ...answer.headers,
      });
      res.end(payload);
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const googleUrl = `${base}/books/v1`;
  const openLibraryUrl = `${base}/ol`;

  return {
    googleUrl,
    openLibraryUrl,
    env: { GOOGLE_BOOKS_API_URL: googleUrl, OPEN_LIBRARY_URL: openLibraryUrl },
    requests,
    on(path, handler) {
      handlers.set(path, handler);
    },
    reset() {
      handlers.clear();
      requests.length = 0;
    },
    requestsTo(path) {
      return requests.filter((r) => matches(path, r.path));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Google Books volume in the documented `books#volume` shape. */
export function googleVolume(
  id: string,
  info: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    kind: 'books#volume',
    id,
    etag: `etag-${id}`,
    selfLink: `https://www.googleapis.com/books/v1/volumes/${id}`,
    volumeInfo: { printType: 'BOOK', ...info },
    saleInfo: { country: 'US', saleability: 'NOT_FOR_SALE', isEbook: false },
    accessInfo: { country: 'US', viewability: 'NO_PAGES', embeddable: false, publicDomain: false },
    ...extra,
  };
}

/** A `books#volumes` list answer; `items` is left out when empty, as Google does. */
export function googleVolumes(items: unknown[]): Record<string, unknown> {
  return items.length === 0
    ? { kind: 'books#volumes', totalItems: 0 }
    : { kind: 'books#volumes', totalItems: items.length, items };
}

/** An Open Library `search.json` answer. */
export function openLibrarySearch(docs: unknown[]): Record<string, unknown> {
  return {
    numFound: docs.length,
    start: 0,
    numFoundExact: true,
    docs,
    num_found: docs.length,
    q: '',
    offset: null,
  };
}
