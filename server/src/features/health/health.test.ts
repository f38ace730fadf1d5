import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('operations endpoints', () => {
  it('answers /healthz and /readyz when migrated', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('answers /readyz with 503 when the database is not migrated', async () => {
    const { app, close } = await buildTestApp({}, { migrate: false });
    try {
      const res = await app.inject('/readyz');
      expect(res.statusCode).toBe(503);
      expect(res.json().database).toBe('not migrated');
    } finally {
      await close();
    }
  });

  it('answers /readyz with 503 when the database is unreachable, and /healthz still 200', async () => {
    const { app, database, close } = await buildTestApp();
    try {
      await database.close();
      const res = await app.inject('/readyz');
      expect(res.statusCode).toBe(503);
      expect(res.json().database).toBe('unreachable');
      expect((await app.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await close().catch(() => {});
    }
  });

  it('keeps /metrics closed unless METRICS_TOKEN or METRICS_PORT is set', async () => {
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('nodejs_version_info');
  });

  it('serves Prometheus metrics with per-route counts and latency histograms to the METRICS_TOKEN bearer', async () => {
    const token = 'metrics-token-0123456789';
    const m = await buildTestApp({ METRICS_TOKEN: token });
    try {
      await m.app.inject('/api/users/nobody');
      for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, token]) {
        const denied = await m.app.inject({
          url: '/metrics',
          headers: authorization ? { authorization } : {},
        });
        expect(denied.statusCode).toBe(401);
        expect(denied.json().error.code).toBe('unauthorized');
      }
      const res = await m.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      expectMetrics(res.body);
    } finally {
      await m.close();
    }
  });

  it('serves /metrics on METRICS_PORT on 127.0.0.1 only, and not on the main port', async () => {
    const m = await buildTestApp({ METRICS_PORT: '0' });
    try {
      await m.app.listen({ port: 0, host: '127.0.0.1' });
      await m.app.inject('/api/users/nobody');
      expect((await m.app.inject('/metrics')).statusCode).toBe(404);
      const address = m.app.metricsServer?.address() as { address: string; port: number };
      expect(address.address).toBe('127.0.0.1');
      const res = await fetch(`http://127.0.0.1:${address.port}/metrics`);
      expect(res.status).toBe(200);
      expectMetrics(await res.text());
    } finally {
      await m.close();
    }
    expect(m.app.metricsServer?.listening).toBe(false);
  });

  function expectMetrics(body: string) {
    const res = { body };
    expect(res.body).toContain(
      'http_requests_total{method="GET",route="/api/users/:username",status_code="404"}',
    );
    const series = 'method="GET",route="/api/users/:username",status_code="404"';
    expect(res.body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.body).toMatch(new RegExp(`http_request_duration_seconds_bucket\\{${series},le="5"\\} 1\n`));
    expect(res.body).toContain(`http_request_duration_seconds_bucket{${series},le="+Inf"} 1\n`);
    expect(res.body).toContain(`http_request_duration_seconds_count{${series}} 1\n`);
    expect(res.body).toContain('process_resident_memory_bytes');
  }

  it('describes every API route in /openapi.json and renders /docs', async () => {
    const spec = (await t.app.inject('/openapi.json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/auth/register',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/me',
      '/api/me/password',
      '/api/me/avatar',
      '/api/users/{username}',
    ]) {
      expect(spec.paths, p).toHaveProperty([p]);
    }
    expect(spec.paths['/api/auth/register'].post.requestBody).toBeDefined();
    expect(spec.paths['/api/auth/register'].post.responses).toHaveProperty('201');
    const docs = await t.app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
    // Pages get the full set of document headers (Swagger UI needs its own styles and scripts).
    expect(docs.headers['content-security-policy']).toContain("default-src 'self'");
    // …and the pages' policy, not Swagger UI's own: that one upgraded every request to https, so
    // /docs was blank over plain http at a network address, and refused Swagger's inline styles.
    const docsPolicy = String(docs.headers['content-security-policy']);
    expect(docsPolicy).not.toContain('upgrade-insecure-requests');
    expect(docsPolicy).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(docs.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('answers unknown API routes with 404 in the error shape and sets security headers and a request id', async () => {
    const res = await t.app.inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // JSON gets the API set: nothing of its own may run or be framed.
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['x-dns-prefetch-control']).toBeUndefined();
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('never leaks internals in a 500', async () => {
    const { app, database, close } = await buildTestApp();
    try {
      await database.db.schema.dropTable('sessions').execute();
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email: 'a@b.io', username: 'abcd', password: 'long enough pw' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(res.body).not.toMatch(/sessions|sqlite|relation|stack|at /i);
    } finally {
      await close();
    }
  });
});

describe('production mode', () => {
  it('redirects plain HTTP behind a proxy to HTTPS and sends HSTS', async () => {
    const prod = await buildTestApp({
      NODE_ENV: 'production',
      TRUST_PROXY: 'true',
      PUBLIC_URL: 'https://books.example',
    });
    try {
      const redirect = await prod.app.inject({
        url: '/api/me',
        headers: { 'x-forwarded-proto': 'http', host: 'books.example' },
      });
      expect(redirect.statusCode).toBe(301);
      expect(redirect.headers.location).toBe('https://books.example/api/me');
      const secure = await prod.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
      expect(secure.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await prod.close();
    }
  });
});

describe('CORS', () => {
  it('allows only the configured origins, with credentials', async () => {
    const app = await buildTestApp({ CORS_ORIGINS: 'https://web.example' });
    try {
      const ok = await app.app.inject({
        method: 'OPTIONS',
        url: '/api/me',
        headers: { origin: 'https://web.example', 'access-control-request-method': 'PATCH' },
      });
      expect(ok.headers['access-control-allow-origin']).toBe('https://web.example');
      expect(ok.headers['access-control-allow-credentials']).toBe('true');
      const other = await app.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
