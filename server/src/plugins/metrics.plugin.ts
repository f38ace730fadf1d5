import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { UnauthorizedError } from '../errors.ts';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A metric as prom-client's registry formats it (what its own metrics' `get()` return). */
interface Snapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: { metricName?: string; value: number; labels: Record<string, string | number> }[];
}

interface Series {
  labels: { method: string; route: string; status_code: string };
  /** Observations per bucket (not cumulative), the last one for +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * Request counts and latencies per method, route and status. Each response only bumps numbers in
 * a map; the Prometheus series (`http_requests_total` and the `http_request_duration_seconds`
 * histogram) are assembled when /metrics is scraped. prom-client's own Counter and Histogram
 * hash their label objects on every observation, which cost several percent of a cheap request.
 */
export class RequestMetrics {
  readonly #series = new Map<string, Series>();

  observe(method: string, route: string, statusCode: number, seconds: number) {
    const key = `${method} ${statusCode} ${route}`;
    let series = this.#series.get(key);
    if (!series) {
      series = {
        labels: { method, route, status_code: String(statusCode) },
        counts: new Float64Array(BUCKETS.length + 1),
        sum: 0,
        count: 0,
      };
      this.#series.set(key, series);
    }
    let bucket = 0;
    while (bucket < BUCKETS.length && seconds > (BUCKETS[bucket] as number)) bucket++;
    (series.counts[bucket] as number)++;
    series.sum += seconds;
    series.count++;
  }

  requestsTotal(): Snapshot {
    return {
      name: 'http_requests_total',
      help: 'HTTP requests',
      type: 'counter',
      aggregator: 'sum',
      values: [...this.#series.values()].map((s) => ({ value: s.count, labels: s.labels })),
    };
  }

  duration(): Snapshot {
    const values: Snapshot['values'] = [];
    for (const s of this.#series.values()) {
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += s.counts[i] as number;
        values.push({
          metricName: 'http_request_duration_seconds_bucket',
          value: cumulative,
          labels: { ...s.labels, le },
        });
      });
      values.push({
        metricName: 'http_request_duration_seconds_bucket',
        value: s.count,
        labels: { ...s.labels, le: '+Inf' },
      });
      values.push({ metricName: 'http_request_duration_seconds_sum', value: s.sum, labels: s.labels });
      values.push({ metricName: 'http_request_duration_seconds_count', value: s.count, labels: s.labels });
    }
    return {
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency',
      type: 'histogram',
      aggregator: 'sum',
      values,
    };
  }
}

async function metricsPlugin(app: FastifyInstance) {
  // One registry per app, so several apps in one process (tests) don't share counters.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new RequestMetrics();
  for (const [name, get] of [
    ['http_requests_total', () => requests.requestsTotal()],
    ['http_request_duration_seconds', () => requests.duration()],
  ] as const) {
    registry.registerMetric({ name, get: async () => get() } as never);
  }

  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL, keeps label cardinality bounded.
    requests.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  const { metricsToken, metricsPort } = app.ctx.config;
  const scrape = async () => ({ type: registry.contentType, body: await registry.metrics() });

  if (metricsToken !== null) {
    // Metrics name the exact Node version and count failed sign-ins per route: not for everyone.
    const expected = Buffer.from(`Bearer ${metricsToken}`);
    app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new UnauthorizedError('Metrics need the METRICS_TOKEN bearer token.');
      }
      const { type, body } = await scrape();
      reply.header('content-type', type);
      return body;
    });
  }

  if (metricsPort !== null) {
    // A port of its own on the loopback interface, for a Prometheus on the same host; it
    // opens with the app's listen and closes with it.
    const server = http.createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
        return;
      }
      scrape().then(
        ({ type, body }) => response.writeHead(200, { 'content-type': type }).end(body),
        (err: unknown) => {
          app.log.error({ err }, 'metrics scrape failed');
          response.writeHead(500).end();
        },
      );
    });
    app.decorate('metricsServer', server);
    app.addHook('onListen', async () => {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(metricsPort, '127.0.0.1', () => resolve());
      });
    });
    app.addHook('onClose', async () => {
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    });
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The loopback-only metrics server when METRICS_PORT is set. */
    metricsServer?: http.Server;
  }
}

export const metrics = fp(metricsPlugin, { name: 'metrics', dependencies: ['services'] });
