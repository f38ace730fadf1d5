/** The goals feature's face: what other features may use. */

export { GoalsRepository, goalOfYearSql } from './goals.repository.ts';
export { goalsRoutes } from './goals.routes.ts';
export { Goal } from './goals.schemas.ts';
export { GoalsService } from './goals.service.ts';
