import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.ts';

/**
 * Runs helmet once against a recording response and returns the headers it sets. The policy
 * never varies per request, so every response gets the same precomputed headers; building
 * helmet's middleware per request (as @fastify/helmet does) cost ~12% of a cheap request's CPU.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown = null;
  helmet(options)(
    {} as Parameters<ReturnType<typeof helmet>>[0],
    recorder as unknown as Parameters<ReturnType<typeof helmet>>[1],
    (err?: unknown) => {
      failure = err ?? null;
    },
  );
  if (failure) throw failure;
  return headers;
}

/** Paths that answer JSON (or metrics text) to programs rather than pages to a browser. */
export function isApiPath(url: string): boolean {
  return (
    url.startsWith('/api/') ||
    url === '/api' ||
    url.startsWith('/healthz') ||
    url.startsWith('/readyz') ||
    url.startsWith('/metrics') ||
    url.startsWith('/openapi.json')
  );
}

/**
 * The two header sets: pages (the web app, /docs) get helmet's full set; JSON, probes and errors
 * written outside Fastify's hooks (client errors, bad URLs) get the API set.
 */
export function buildSecurityHeaders(config: Config): {
  api: Record<string, string>;
  document: Record<string, string>;
} {
  const crossOriginResourcePolicy = config.corsOrigins.length > 0 ? 'cross-origin' : 'same-origin';
  const strictTransportSecurity = config.isProduction ? { maxAge: 31536000, includeSubDomains: true } : false;
  const document = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        // Swagger UI at /docs needs inline styles; the app itself does not use inline scripts.
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
    strictTransportSecurity,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: crossOriginResourcePolicy },
  });
  // JSON and probes get the headers that matter for an API (OWASP REST Security Cheat Sheet): no
  // sniffing, no framing, no content of their own to run, HTTPS only. The document-only ones
  // (DNS prefetch, download options, origin agent cluster, opener policy …) would be a kilobyte
  // of every response for nothing.
  const api: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cross-origin-resource-policy': crossOriginResourcePolicy,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
  if (document['strict-transport-security']) {
    api['strict-transport-security'] = document['strict-transport-security'];
  }
  return { api, document };
}

async function securityPlugin(app: FastifyInstance) {
  const { config } = app.ctx;

  if (config.isProduction && config.trustProxy !== false && config.publicUrl.startsWith('https:')) {
    // Behind a TLS-terminating proxy: send plain-HTTP visitors to HTTPS. Only a trusted proxy's
    // X-Forwarded-Proto counts (Fastify's `request.protocol` honours TRUST_PROXY), and the
    // target is always PUBLIC_URL: Host and X-Forwarded-Host come from the client and would
    // make this an open redirect. (A callback hook: an async one costs a promise per request.)
    app.addHook('onRequest', (request, reply, done) => {
      if (request.protocol !== 'http') {
        done();
        return;
      }
      reply.redirect(`${config.publicUrl}${request.url}`, 301);
    });
  }

  const { api: apiHeaders, document: documentHeaders } = buildSecurityHeaders(config);

  // A callback hook (not async) is the cheapest kind; this one runs on every response.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApiPath(request.url) ? apiHeaders : documentHeaders);
    reply.header('x-request-id', request.id);
    done();
  });

  if (config.corsOrigins.length > 0) {
    const any = config.corsOrigins.includes('*');
    await app.register(cors, {
      origin: any ? true : config.corsOrigins,
      credentials: !any,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-CSRF-Token', 'X-Request-Id'],
      exposedHeaders: ['Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });
  }
}

export const security = fp(securityPlugin, { name: 'security', dependencies: ['services'] });
