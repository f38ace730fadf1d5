import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildTestApp,
  createTestEnv,
  multipartFile,
  registerUser,
  type TestUser,
} from '../../test/helpers.ts';
import { blankPng } from '../../test/images.ts';
import { buildApp } from '../app.ts';
import { IMAGE_CONCURRENCY, imageQueue, processImage } from '../lib/images.ts';

async function putAvatar(app: Awaited<ReturnType<typeof buildTestApp>>['app'], user: TestUser, png: Buffer) {
  const body = multipartFile(png, 'a.png', 'image/png');
  return app.inject({
    method: 'PUT',
    url: '/api/me/avatar',
    headers: { ...user.auth, ...body.headers },
    payload: body.payload,
  });
}

/** Starts a multipart avatar upload on a raw socket and sends only its first bytes. */
function startSlowUpload(port: number, user: TestUser): { socket: Socket; answer: Promise<string> } {
  const boundary = `----slow${randomBytes(4).toString('hex')}`;
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d) => {
    answer += d;
  });
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(answer));
    socket.on('error', () => {});
  });
  socket.write(
    `PUT /api/me/avatar HTTP/1.1\r\nHost: x\r\n${user.auth.authorization ? `Authorization: ${user.auth.authorization}\r\n` : ''}` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n` +
      'x'.repeat(100),
  );
  return { socket, answer: closed };
}

async function tempFiles(uploadDir: string): Promise<string[]> {
  const dir = path.join(uploadDir, '.tmp');
  return existsSync(dir) ? readdir(dir) : [];
}

async function waitFor(condition: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 300; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('image decoding', () => {
  it('refuses images beyond the pixel limit before decoding them, and takes ordinary photos', async () => {
    const t = await buildTestApp();
    try {
      const reader = await registerUser(t.app);
      // 49 megapixels in a few kilobytes: the attack's shape.
      const huge = await putAvatar(t.app, reader, blankPng(7000, 7000));
      expect(huge.statusCode).toBe(415);
      expect(huge.json().error.message).toMatch(/megapixels/);
      expect((await t.app.inject({ url: '/api/me', headers: reader.auth })).json().avatarUrl).toBeNull();
      const photo = await putAvatar(t.app, reader, blankPng(4000, 3000));
      expect(photo.statusCode).toBe(200);
      expect(photo.json().avatarUrl).toMatch(/^\/media\/avatars\/[a-f0-9]{32}\.webp$/);
    } finally {
      await t.close();
    }
  });

  it('decodes at most one image per core at a time, the rest wait their turn', async () => {
    const png = blankPng(600, 600);
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        processImage(png, (image) => {
          peak = Math.max(peak, imageQueue.running);
          return image.resize(64, 64).webp();
        }),
      ),
    );
    expect(results).toHaveLength(8);
    expect(peak).toBeLessThanOrEqual(IMAGE_CONCURRENCY);
    expect(imageQueue.running).toBe(0);
  });
});

describe('where files are taken', () => {
  it('parses multipart bodies only on the routes that take a file; elsewhere they get 415 and change nothing', async () => {
    const t = await buildTestApp();
    try {
      const reader = await registerUser(t.app);
      const body = multipartFile(blankPng(10, 10), 'a.png', 'image/png');
      for (const [method, url] of [
        ['PATCH', '/api/me'],
        ['POST', '/api/notes'],
        ['POST', '/api/books'],
      ] as const) {
        const res = await t.app.inject({
          method,
          url,
          headers: { ...reader.auth, ...body.headers },
          payload: body.payload,
        });
        expect(res.statusCode, `${method} ${url}`).toBe(415);
        expect(res.json().error.code).toBeTypeOf('string');
      }
      expect((await t.app.inject({ url: '/api/me', headers: reader.auth })).json().avatarUrl).toBeNull();
      // The upload routes still take them.
      expect((await putAvatar(t.app, reader, blankPng(10, 10))).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('temporary upload files', () => {
  it('are swept when the app starts (what an upload killed midway left behind)', async () => {
    const env = await createTestEnv();
    const tmp = path.join(env.config.uploadDir, '.tmp');
    await mkdir(tmp, { recursive: true });
    await writeFile(path.join(tmp, 'abandoned.part'), 'half an upload');
    await mkdir(path.join(env.config.uploadDir, 'avatars'), { recursive: true });
    await writeFile(path.join(env.config.uploadDir, 'avatars', 'kept.webp'), 'a real file');
    const app = await buildApp(env.config, { context: { database: env.database }, serveWebApp: false });
    try {
      await app.ready();
      expect(await tempFiles(env.config.uploadDir)).toEqual([]);
      expect(existsSync(path.join(env.config.uploadDir, 'avatars', 'kept.webp'))).toBe(true);
    } finally {
      await app.close();
      await env.cleanup();
    }
  });
});

describe('slow and many uploads', () => {
  it('closes an upload that trickles in past the request timeout with 408, removing its temp file', async () => {
    const t = await buildTestApp({ REQUEST_TIMEOUT_SECONDS: '1' });
    try {
      const reader = await registerUser(t.app);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (t.app.server.address() as { port: number }).port;
      const upload = startSlowUpload(port, reader);
      const answer = await upload.answer;
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toContain('"code":"request_timeout"');
      expect(answer).toContain('x-content-type-options: nosniff');
      await waitFor(async () => (await tempFiles(t.config.uploadDir)).length === 0, 'the temp file to go');
    } finally {
      await t.close();
    }
  });

  it('refuses more concurrent uploads than MAX_CONCURRENT_UPLOADS with 503 and Retry-After', async () => {
    const t = await buildTestApp({ MAX_CONCURRENT_UPLOADS: '2' });
    const sockets: Socket[] = [];
    try {
      const reader = await registerUser(t.app);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (t.app.server.address() as { port: number }).port;
      for (let i = 0; i < 2; i++) sockets.push(startSlowUpload(port, reader).socket);
      await waitFor(
        async () => (await tempFiles(t.config.uploadDir)).length === 2,
        'two uploads in progress',
      );
      const third = await putAvatar(t.app, reader, blankPng(10, 10));
      expect(third.statusCode).toBe(503);
      expect(third.headers['retry-after']).toBeTruthy();
      expect(third.json().error.code).toBe('too_many_uploads');
      for (const socket of sockets) socket.destroy();
      await waitFor(async () => (await tempFiles(t.config.uploadDir)).length === 0, 'the uploads to end');
      expect((await putAvatar(t.app, reader, blankPng(10, 10))).statusCode).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
      await t.close();
    }
  });
});
