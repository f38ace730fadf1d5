import { readCookie } from './cookies';
import { env } from './env';

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldErrors;
  readonly retryAfterSeconds: number | null;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    details?: FieldErrors;
    retryAfterSeconds?: number | null;
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Turns an API path (or an absolute URL the API handed out) into something the browser can fetch. */
export function resolveApiUrl(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) return path;
  return `${env.apiBaseUrl}${path.startsWith('/') ? path : `/${path}`}`;
}

type JsonBody = Record<string, unknown>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json?: JsonBody;
  formData?: FormData;
  signal?: AbortSignal;
  /** Let the request finish after the page is left (a delete that was waiting for Undo). */
  keepalive?: boolean;
}

const CSRF_COOKIE = 'bt_csrf';
const CSRF_HEADER = 'X-CSRF-Token';

/**
 * The bearer token of a web app hosted apart from the API (`env.apiCrossOrigin`). Kept in memory
 * only: script on the page could read any storage, and a reload signs the reader out instead of
 * leaving a long-lived token behind. Same-origin deployments never set it (httpOnly cookie + CSRF).
 */
let bearerToken: string | null = null;

/** Keeps (or forgets, with null) the token a sign-in answered with, when the API is cross-origin. */
export function rememberSignIn(token: { accessToken: string } | null): void {
  bearerToken = env.apiCrossOrigin && token ? token.accessToken : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readDetails(value: unknown): FieldErrors {
  if (!isRecord(value)) return {};
  const details: FieldErrors = {};
  for (const [key, message] of Object.entries(value)) {
    if (typeof message === 'string') details[key] = message;
    else if (Array.isArray(message) && typeof message[0] === 'string') details[key] = message[0];
  }
  return details;
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return `${hours} hours`;
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Please sign in to continue.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'We could not find that.';
  if (status === 413) return 'That file is too large.';
  if (status === 415) return 'That file type is not supported.';
  if (status === 429) return 'Too many attempts. Please wait a moment and try again.';
  if (status >= 500) return 'Something went wrong on our side. Please try again.';
  return 'The request could not be completed.';
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy error page, an empty body): the status alone has to do.
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  let message =
    typeof error?.message === 'string' && error.message ? error.message : fallbackMessage(response.status);
  if (response.status === 429 && retryAfterSeconds !== null) {
    // The server usually says when; say it ourselves only if it did not.
    const base = message.replace(/\s*Try again in \d+ seconds?\.?\s*$/i, '');
    message = `${base} Try again in ${formatWait(retryAfterSeconds)}.`;
  }
  return new ApiError({
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : `http_${response.status}`,
    message,
    details: readDetails(error?.details),
    retryAfterSeconds,
  });
}

/** The one place the web app talks HTTP: cookies, CSRF, bearer tokens and the error shape live here. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.json || options.formData ? 'POST' : 'GET');
  const headers = new Headers({ Accept: 'application/json' });
  let body: BodyInit | undefined;
  if (options.json) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.json);
  } else if (options.formData) {
    body = options.formData;
  }
  if (env.apiCrossOrigin) {
    // A bearer header is never sent by the browser on its own, so it needs no CSRF token.
    if (bearerToken) headers.set('Authorization', `Bearer ${bearerToken}`);
  } else if (method !== 'GET') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers.set(CSRF_HEADER, csrf);
  }

  let response: Response;
  try {
    response = await fetch(resolveApiUrl(path), {
      method,
      headers,
      body,
      credentials: env.apiCrossOrigin ? 'omit' : 'include',
      signal: options.signal,
      keepalive: options.keepalive ?? false,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    throw new ApiError({
      status: 0,
      code: offline ? 'offline' : 'network_error',
      message: offline
        ? 'You are offline, so this was not saved. Try again when you are back online.'
        : 'Could not reach the server. Check your connection and try again.',
    });
  }

  if (!response.ok) throw await toApiError(response);
  if (response.status === 204 || response.headers.get('Content-Length') === '0') return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
