import { ProviderError } from './provider.ts';

export interface FetchJsonOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Statuses that mean "no such thing" rather than a failure; they resolve to null. */
  notFoundStatuses?: number[];
  /** Identifies the app to providers, as Open Library asks of API users. */
  userAgent?: string;
  /** The largest body read (default MAX_PROVIDER_BODY_BYTES). */
  maxBytes?: number;
}

const USER_AGENT = 'BookTracker/0.1 (self-hosted reading tracker)';

/** A provider answer larger than this is refused unread: the largest real ones are ~300 KB. */
export const MAX_PROVIDER_BODY_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/** Reads a body up to `maxBytes`, cancelling the download as soon as it goes over. */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => {});
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * GET that follows redirects only within the same scheme and host: a provider that sends us
 * elsewhere (another host, or https → http) is treated as failing.
 */
async function getSameHost(url: string, init: RequestInit, provider: string): Promise<Response> {
  const origin = new URL(url);
  let current = origin;
  for (let hop = 0; ; hop++) {
    const response = await fetch(current, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null) return response;
    await response.body?.cancel();
    const next = new URL(location, current);
    if (next.host !== origin.host || next.protocol !== origin.protocol) {
      throw new ProviderError(provider, `${provider} redirected to another host (${next.host})`, {
        status: response.status,
      });
    }
    if (hop >= MAX_REDIRECTS) {
      throw new ProviderError(provider, `${provider} redirected too many times`, { status: response.status });
    }
    current = next;
  }
}

/** The address as the log may show it: API keys masked. */
export function loggableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const name of [...parsed.searchParams.keys()]) {
      if (/^(key|api_?key|access_token|token)$/i.test(name)) parsed.searchParams.set(name, '***');
    }
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/** The first few hundred characters of an error answer, for the log. */
async function excerpt(response: Response): Promise<string | null> {
  try {
    const text = await readCapped(response, 64 * 1024);
    return text === null ? null : text.slice(0, 500);
  } catch {
    return null;
  }
}

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
    const response = await getSameHost(
      url,
      { signal, headers: { accept: 'application/json', 'user-agent': options.userAgent ?? USER_AGENT } },
      provider,
    );
    if (options.notFoundStatuses?.includes(response.status)) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      const bodyExcerpt = await excerpt(response);
      const limited = response.status === 429;
      throw new ProviderError(
        provider,
        limited
          ? `${provider} is rate limiting requests (429)`
          : `${provider} answered HTTP ${response.status}`,
        {
          status: response.status,
          retryAfterSeconds: limited ? retryAfterSeconds(response.headers.get('retry-after')) : null,
          url: loggableUrl(url),
          bodyExcerpt,
          summary: limited
            ? `${provider} is rate limiting requests (429)`
            : `${provider} answered HTTP ${response.status}`,
        },
      );
    }
    const text = await readCapped(response, options.maxBytes ?? MAX_PROVIDER_BODY_BYTES);
    if (text === null) {
      throw new ProviderError(
        provider,
        `${provider} answered with more than ${options.maxBytes ?? MAX_PROVIDER_BODY_BYTES} bytes`,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new ProviderError(provider, `${provider} answered with invalid JSON`, { cause: err });
    }
  } catch (err) {
    if (err instanceof ProviderError) {
      if (err.url !== null) throw err;
      throw new ProviderError(provider, err.message, {
        kind: err.kind,
        status: err.status,
        retryAfterSeconds: err.retryAfterSeconds,
        cause: err.cause,
        summary: err.summary,
        url: loggableUrl(url),
        code: err.code,
        bodyExcerpt: err.bodyExcerpt,
      });
    }
    if (timeout.aborted) {
      throw new ProviderError(provider, `${provider} did not answer within ${options.timeoutMs} ms`, {
        kind: 'timeout',
        cause: err,
        summary: `${provider} did not answer in time`,
        url: loggableUrl(url),
        code: 'timeout',
      });
    }
    const reason =
      err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    const cause = err instanceof Error ? err.cause : undefined;
    const code =
      (cause as { code?: string } | undefined)?.code ?? (err as { code?: string } | undefined)?.code ?? null;
    throw new ProviderError(provider, `${provider} could not be reached: ${reason}`, {
      cause: err,
      summary: `${provider} could not be reached`,
      url: loggableUrl(url),
      code,
    });
  }
}
