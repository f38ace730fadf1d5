import type { ApiResponse } from '../../../lib/api-schema';

export type AuthResponse = ApiResponse<'/api/auth/login', 'post'>;
