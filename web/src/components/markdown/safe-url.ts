// Which link targets a reader's Markdown may carry. The URL is parsed the way the browser will parse
// it (WHATWG URL, so "java\tscript:" and "JaVaScRiPt:" are seen for what they are), and only web
// pages and mail addresses survive: javascript:, data:, vbscript:, file: and the rest are dropped.
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

function baseUrl(): string {
  return typeof window === 'undefined' ? 'https://app.invalid/' : window.location.href;
}

/** The URL if it is safe to put in an href, otherwise undefined (the attribute is left out). */
export function safeUrl(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(trimmed, baseUrl());
  } catch {
    return undefined;
  }
  return SAFE_PROTOCOLS.has(parsed.protocol) ? trimmed : undefined;
}

/** True when a (safe) URL leads away from this site: it opens in a new tab. */
export function isExternalUrl(value: string): boolean {
  try {
    const parsed = new URL(value, baseUrl());
    return parsed.protocol === 'mailto:' || parsed.origin !== new URL(baseUrl()).origin;
  } catch {
    return true;
  }
}
