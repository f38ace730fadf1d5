import type { ApiBody, ApiResponse } from '../../lib/api-schema';

export type Stats = ApiResponse<'/api/stats', 'get'>;
export type Goal = ApiResponse<'/api/goals/{year}', 'get'>;
export type GoalInput = ApiBody<'/api/goals/{year}', 'put'>;
