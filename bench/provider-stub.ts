/**
 * Stands in for Google Books and Open Library during the benchmark: answers every search with
 * no results at once (in each provider's documented empty shape), so catalog search measures the
 * catalog, not the internet. Runs inside the harness process, which is idle while load runs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderStub {
  /** Base URL for both GOOGLE_BOOKS_API_URL (/volumes) and OPEN_LIBRARY_URL (/search.json). */
  url: string;
  requests(): number;
  close(): Promise<void>;
}

export async function startProviderStub(): Promise<ProviderStub> {
  let count = 0;
  const server: Server = createServer((request, response) => {
    count++;
    request.resume();
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    let body: unknown;
    if (pathname.endsWith('/volumes')) body = { kind: 'books#volumes', totalItems: 0 };
    else if (pathname === '/search.json') body = { numFound: 0, start: 0, numFoundExact: true, docs: [] };
    else if (pathname === '/api/books') body = {};
    else {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
