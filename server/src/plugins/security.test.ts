import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers.ts';

const PRODUCTION = { NODE_ENV: 'production', PUBLIC_URL: 'https://books.example' };
const forwarded = { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'evil.example', host: 'evil.example' };

describe('the HTTPS redirect in production', () => {
  it('ignores X-Forwarded-* from the client when TRUST_PROXY is off', async () => {
    const t = await buildTestApp({ ...PRODUCTION, TRUST_PROXY: 'false' });
    try {
      const res = await t.app.inject({ url: '/healthz', headers: forwarded });
      expect(res.statusCode).toBe(200);
      expect(res.headers.location).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('behind a trusted proxy, sends plain HTTP to PUBLIC_URL and never to the Host the client named', async () => {
    const t = await buildTestApp({ ...PRODUCTION, TRUST_PROXY: 'true' });
    try {
      const res = await t.app.inject({ url: '/library?shelf=read', headers: forwarded });
      expect(res.statusCode).toBe(301);
      expect(res.headers.location).toBe('https://books.example/library?shelf=read');
      const https = await t.app.inject({
        url: '/healthz',
        headers: { ...forwarded, 'x-forwarded-proto': 'https' },
      });
      expect(https.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
