/**
 * Runs one autocannon load in its own process, so the load generator never shares an event loop
 * with the server or the harness. Reads a LoadSpec as JSON on stdin, prints a LoadResult as JSON.
 *
 * Latencies are taken from autocannon's per-response event at sub-millisecond resolution
 * (its own histogram keeps whole milliseconds), counting 2xx answers only.
 */
import { text } from 'node:stream/consumers';
import autocannon, { type AutocannonOptions, type AutocannonRequest } from 'autocannon';
import { percentileOfSorted } from './stats.ts';

export interface HttpRequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export type RequestPlan =
  | { kind: 'fixed'; request: HttpRequestSpec }
  /** Each request takes the next of these, round-robin across all connections. */
  | { kind: 'cycle'; requests: HttpRequestSpec[] }
  /**
   * `POST /api/library {bookId}`: request k is made by reader k mod n with the next of `bookIds`
   * for that reader, so no reader adds the same book twice.
   */
  | { kind: 'add-books'; tokens: string[]; bookIds: readonly number[] };

export interface LoadSpec {
  baseUrl: string;
  connections: number;
  durationSec: number;
  plan: RequestPlan;
}

export interface LoadResult {
  requests: number;
  durationSec: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

function nextRequestFn(plan: RequestPlan): (() => HttpRequestSpec) | null {
  let k = 0;
  if (plan.kind === 'cycle') {
    if (plan.requests.length === 0) throw new Error('a cycle plan needs requests');
    return () => plan.requests[k++ % plan.requests.length] as HttpRequestSpec;
  }
  if (plan.kind === 'add-books') {
    const span = plan.bookIds.length;
    if (span === 0) throw new Error('an add-books plan needs books');
    return () => {
      const reader = k % plan.tokens.length;
      const round = Math.floor(k / plan.tokens.length);
      k++;
      return {
        method: 'POST',
        path: '/api/library',
        headers: { authorization: `Bearer ${plan.tokens[reader]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ bookId: plan.bookIds[round % span] }),
      };
    };
  }
  return null;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const options: AutocannonOptions = {
    url: spec.baseUrl,
    connections: spec.connections,
    duration: spec.durationSec,
    pipelining: 1,
    timeout: 30,
  };
  const next = nextRequestFn(spec.plan);
  if (spec.plan.kind === 'fixed') {
    const { method, path, headers, body } = spec.plan.request;
    options.url = spec.baseUrl + path;
    options.method = method;
    if (headers) options.headers = headers;
    if (body !== undefined) options.body = body;
  } else if (next) {
    options.requests = [
      { setupRequest: (request: AutocannonRequest): AutocannonRequest => ({ ...request, ...next() }) },
    ];
  }

  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const statusCodes: Record<string, number> = {};
  const instance = autocannon(options);
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    if (statusCode < 200 || statusCode > 299) return;
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTime;
  });
  const result = await instance;
  const sorted = latencies.subarray(0, count).sort();
  const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const durationSec = (result.finish.getTime() - result.start.getTime()) / 1000 || result.duration;
  return {
    requests: total,
    durationSec,
    requestsPerSec: total / durationSec,
    p50Ms: percentileOfSorted(sorted, 50),
    p99Ms: percentileOfSorted(sorted, 99),
    non2xx: total - count,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

if (import.meta.main) {
  const spec = JSON.parse(await text(process.stdin)) as LoadSpec;
  const result = await runLoad(spec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
