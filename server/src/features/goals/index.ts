/** The goals feature's face: what other features may use. */

export { GoalsRepository } from './goals.repository.ts';
export { goalsRoutes } from './goals.routes.ts';
export type { GoalView } from './goals.schemas.ts';
export { GoalsService, goalProgress, yearFraction } from './goals.service.ts';
