import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBookProviders, startFakeBookProviders } from '../fake-book-providers.ts';
import { buildTestApp, registerUser, testDialect } from '../helpers.ts';
import { type Operation, operationsOf, RequestGenerator } from './request-generator.ts';

const TOTAL = Number(process.env.FUZZ_REQUESTS ?? (testDialect === 'sqlite' ? 10_000 : 2_000));
const FIXED_SEED = 20261202;

let t: Awaited<ReturnType<typeof buildTestApp>>;
let operations: Operation[];
let providers: FakeBookProviders;
beforeAll(async () => {
  // The book providers answer like the real services do when they know nothing: 404 for an id
  // that does not exist, and an empty list for a search or an ISBN (Google Books: 200 with
  // `totalItems: 0`; Open Library: `{}` from /api/books, no docs from /search.json). So every
  // fuzzed id, ISBN or query is judged by the app, not by an unreachable network (a 503 that says so).
  providers = await startFakeBookProviders();
  providers.on('/books/v1/volumes', () => ({ body: { kind: 'books#volumes', totalItems: 0 } }));
  providers.on('/ol/api/books', () => ({ body: {} }));
  providers.on('/ol/search.json', () => ({ body: { numFound: 0, start: 0, docs: [] } }));
  t = await buildTestApp(providers.env);
  operations = operationsOf((await t.app.inject('/openapi.json')).json());
});
afterAll(async () => {
  await t.close();
  await providers.close();
});

async function run(seed: number, count: number) {
  const gen = new RequestGenerator(seed);
  let reader = await registerUser(t.app);
  const problems: string[] = [];
  for (let i = 0; i < count && problems.length < 5; i++) {
    if (i % 300 === 0 && (await t.app.inject({ url: '/api/me', headers: reader.auth })).statusCode === 401) {
      reader = await registerUser(t.app);
    }
    const op = gen.pick(operations);
    const req = gen.request(op, { ids: [1, 2, 3] }, reader.token);
    const res = await t.app.inject(req as never);
    const bad = res.statusCode >= 500;
    let shaped = true;
    if (res.statusCode >= 400) {
      try {
        const body = res.json() as { error?: { code?: unknown; message?: unknown } };
        shaped = typeof body.error?.code === 'string' && typeof body.error?.message === 'string';
      } catch {
        shaped = false;
      }
    }
    if (bad || !shaped)
      problems.push(
        `${res.statusCode} ${req.method} ${req.url.slice(0, 200)} ${String(req.payload ?? '').slice(0, 200)} → ${res.body.slice(0, 300)}`,
      );
  }
  return problems;
}

describe(`requests derived from /openapi.json (${testDialect})`, () => {
  it('never answer 5xx and answer every 4xx in the error shape', { timeout: 600_000 }, async () => {
    expect(operations.length).toBeGreaterThan(20);
    const randomSeed = Number(process.env.FUZZ_SEED ?? randomInt(2 ** 31));
    const fixed = await run(FIXED_SEED, Math.ceil(TOTAL / 2));
    const random = await run(randomSeed, Math.floor(TOTAL / 2));
    expect(fixed, `fixed seed ${FIXED_SEED}`).toEqual([]);
    expect(random, `random seed ${randomSeed} (replay with FUZZ_SEED=${randomSeed})`).toEqual([]);
  });
});
