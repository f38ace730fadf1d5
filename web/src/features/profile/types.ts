import type { ApiResponse } from '../../lib/api-schema';

export type UserProfile = ApiResponse<'/api/users/{username}', 'get'>;
