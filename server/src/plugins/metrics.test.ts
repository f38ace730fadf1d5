import { describe, expect, it } from 'vitest';
import { RequestMetrics } from './metrics.plugin.ts';

describe('RequestMetrics', () => {
  it('counts requests per method, route and status, with cumulative latency buckets', () => {
    const m = new RequestMetrics();
    m.observe('GET', '/api/library', 200, 0.0004);
    m.observe('GET', '/api/library', 200, 0.003);
    m.observe('GET', '/api/library', 200, 7);
    m.observe('POST', '/api/library', 201, 0.01);
    const labels = { method: 'GET', route: '/api/library', status_code: '200' };
    expect(m.requestsTotal().values).toEqual([
      { value: 3, labels },
      { value: 1, labels: { method: 'POST', route: '/api/library', status_code: '201' } },
    ]);
    const get = m.duration().values.filter((v) => v.labels.method === 'GET');
    const bucket = (le: number | string) =>
      get.find((v) => v.metricName === 'http_request_duration_seconds_bucket' && v.labels.le === le)?.value;
    expect(bucket(0.001)).toBe(1);
    expect(bucket(0.0025)).toBe(1);
    expect(bucket(0.005)).toBe(2);
    expect(bucket(5)).toBe(2);
    expect(bucket('+Inf')).toBe(3);
    // 0.01 is on the boundary: `le` means less than or equal.
    const post = m.duration().values.filter((v) => v.labels.method === 'POST');
    expect(post.find((v) => v.labels.le === 0.01)?.value).toBe(1);
    expect(post.find((v) => v.labels.le === 0.005)?.value).toBe(0);
    expect(get.find((v) => v.metricName === 'http_request_duration_seconds_sum')?.value).toBeCloseTo(7.0034);
    expect(get.find((v) => v.metricName === 'http_request_duration_seconds_count')?.value).toBe(3);
  });
});
