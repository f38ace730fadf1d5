import { ProviderError } from './provider.ts';

export interface FetchJsonOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Statuses that mean "no such thing" rather than a failure; they resolve to null. */
  notFoundStatuses?: number[];
  /** Identifies the app to providers, as Open Library asks of API users. */
  userAgent?: string;
}

const USER_AGENT = 'BookTracker/0.1 (self-hosted reading tracker)';

function retryAfterSeconds(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * GETs JSON from a provider within a time limit. Every failure (network, HTTP status, timeout,
 * unreadable body) becomes a ProviderError, so callers handle one kind of error.
 */
export async function fetchJson(provider: string, url: string, options: FetchJsonOptions): Promise<unknown> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const response = await fetch(url, {
      signal,
      headers: { accept: 'application/json', 'user-agent': options.userAgent ?? USER_AGENT },
      redirect: 'follow',
    });
    if (options.notFoundStatuses?.includes(response.status)) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      const limited = response.status === 429;
      throw new ProviderError(
        provider,
        limited
          ? `${provider} is rate limiting requests (429)`
          : `${provider} answered HTTP ${response.status}`,
        {
          status: response.status,
          retryAfterSeconds: limited ? retryAfterSeconds(response.headers.get('retry-after')) : null,
        },
      );
    }
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new ProviderError(provider, `${provider} answered with invalid JSON`, { cause: err });
    }
  } catch (err) {
    if (err instanceof ProviderError) throw err;
    if (timeout.aborted) {
      throw new ProviderError(provider, `${provider} did not answer within ${options.timeoutMs} ms`, {
        kind: 'timeout',
        cause: err,
      });
    }
    const reason =
      err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new ProviderError(provider, `${provider} could not be reached: ${reason}`, { cause: err });
  }
}
