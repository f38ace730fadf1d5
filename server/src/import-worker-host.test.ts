import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, injectAs, registerUser } from '../test/helpers.ts';
import { ImportWorkerHost } from './import-worker-host.ts';

/**
 * The import thread is not started with the server (its copy of the modules is ~60 MB a server
 * nobody imports into never needs); the import page's list of imports starts it, so the upload
 * that follows does not wait for it to load.
 */
let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

it('starts the import thread when a reader lists their imports, not with the server', async () => {
  const host = t.app.services.importRunner;
  if (!(host instanceof ImportWorkerHost)) throw new Error('the test app should run imports in a thread');
  expect(host.threadRunning).toBe(false);

  expect((await injectAs(t.app, null, { method: 'GET', url: '/api/imports' })).statusCode).toBe(401);
  expect(host.threadRunning).toBe(false);

  const reader = await registerUser(t.app);
  const listed = await injectAs(t.app, reader, { method: 'GET', url: '/api/imports' });
  expect(listed.statusCode).toBe(200);
  expect(listed.json()).toEqual({ items: [], nextCursor: null });
  expect(host.threadRunning).toBe(true);
});
