import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKind, fetchPublic, PublicFetchError } from './public-fetch.ts';

let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/ok') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from('pngish'));
    } else if (req.url === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else if (req.url === '/to-private') {
      res.writeHead(301, { location: 'https://10.0.0.7/cover.png' }).end();
    } else if (req.url === '/to-ok') {
      res.writeHead(302, { location: '/ok' }).end();
    } else if (req.url === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (req.url === '/declared-huge') {
      res.writeHead(200, { 'content-length': String(10_000_000) }).end();
    } else if (req.url === '/streamed-huge') {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024);
      let sent = 0;
      const push = () => {
        while (sent < 10_000_000) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end();
      };
      push();
    } else if (req.url === '/slow') {
      res.writeHead(200);
      res.write('x');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const local = { maxBytes: 1_000_000, timeoutMs: 3000, allowLoopback: true };
const strict = { maxBytes: 1_000_000, timeoutMs: 3000 };

async function refusal(url: string, options: Parameters<typeof fetchPublic>[1]) {
  try {
    await fetchPublic(url, options);
  } catch (err) {
    expect(err).toBeInstanceOf(PublicFetchError);
    return err as PublicFetchError;
  }
  throw new Error(`${url} was fetched`);
}

describe('addressKind', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'private'],
    ['0.0.0.0', 'private'],
    ['224.0.0.1', 'private'],
    ['fe80::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['::ffff:169.254.169.254', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['::', 'private'],
    ['not an address', 'private'],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });
});

describe('fetchPublic', () => {
  it('refuses private, link-local (metadata) and loopback addresses before connecting', async () => {
    expect((await refusal('https://10.0.0.7/cover.png', strict)).code).toBe('address_refused');
    expect((await refusal('http://169.254.169.254/latest/meta-data/', local)).code).toBe('address_refused');
    expect((await refusal('https://[fd00:ec2::254]/', local)).code).toBe('address_refused');
    expect((await refusal('https://[::ffff:169.254.169.254]/', local)).code).toBe('address_refused');
    const before = hits.length;
    expect((await refusal(`${base}/ok`, strict)).code).toBe('address_refused');
    expect((await refusal(`https://localhost:1/ok`, strict)).code).toBe('address_refused');
    expect(hits.length).toBe(before);
  });

  it('fetches only https (plain http only to loopback, and only with the test setting)', async () => {
    expect((await refusal('ftp://example.test/c.png', strict)).code).toBe('https_required');
    expect((await refusal('file:///etc/passwd', strict)).code).toBe('https_required');
    expect((await refusal('https://user:pw@example.test/c.png', strict)).code).toBe('bad_url');
    const ok = await fetchPublic(`${base}/ok`, local);
    expect(ok.body.toString()).toBe('pngish');
  });

  it('checks every redirect again: to the metadata address or a private one is refused', async () => {
    expect((await refusal(`${base}/to-metadata`, local)).code).toBe('address_refused');
    expect((await refusal(`${base}/to-private`, local)).code).toBe('address_refused');
    expect((await fetchPublic(`${base}/to-ok`, local)).body.toString()).toBe('pngish');
    expect((await refusal(`${base}/loop`, local)).code).toBe('too_many_redirects');
  });

  it('caps the body, declared or streamed, and the time', async () => {
    expect((await refusal(`${base}/declared-huge`, local)).code).toBe('too_large');
    expect((await refusal(`${base}/streamed-huge`, local)).code).toBe('too_large');
    const slow = await refusal(`${base}/slow`, { ...local, timeoutMs: 300 });
    expect(slow).toMatchObject({ code: 'timeout', permanent: false });
    expect(await refusal(`${base}/missing`, local)).toMatchObject({ code: 'http_status', permanent: true });
  });
});
