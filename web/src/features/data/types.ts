import type { ApiResponse } from '../../lib/api-schema';

export type ImportJob = ApiResponse<'/api/imports/{id}', 'get'>;
export type ImportPage = ApiResponse<'/api/imports', 'get'>;
export type ImportSource = ImportJob['source'];
