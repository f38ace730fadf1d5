import { resolveApiUrl } from '../../../lib/api-client';

export type ExportFormat = 'csv' | 'json' | 'archive';

/** Where the browser downloads an export (the session cookie authenticates the GET). */
export function exportUrl(format: ExportFormat): string {
  return resolveApiUrl(`/api/export?format=${format}`);
}
