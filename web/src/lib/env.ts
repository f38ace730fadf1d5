function readApiBaseUrl(): string {
  const raw = import.meta.env.VITE_API_BASE_URL ?? '';
  return raw.trim().replace(/\/+$/, '');
}

export const env = {
  apiBaseUrl: readApiBaseUrl(),
} as const;
