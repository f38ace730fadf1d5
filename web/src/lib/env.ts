function readApiBaseUrl(): string {
  const raw = import.meta.env.VITE_API_BASE_URL ?? '';
  return raw.trim().replace(/\/+$/, '');
}

/** True when the API lives on another origin than the page (the web app is hosted apart). */
function isCrossOrigin(apiBaseUrl: string): boolean {
  if (!apiBaseUrl || typeof window === 'undefined') return false;
  try {
    return new URL(apiBaseUrl, window.location.href).origin !== window.location.origin;
  } catch {
    return false;
  }
}

const apiBaseUrl = readApiBaseUrl();

export const env = {
  apiBaseUrl,
  /**
   * Hosted apart, the web app signs requests with a bearer token kept in memory instead of the
   * session cookie (a third-party cookie browsers increasingly drop); see docs/architecture.md.
   */
  apiCrossOrigin: isCrossOrigin(apiBaseUrl),
} as const;
