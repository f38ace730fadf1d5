/** The goals feature's face: what other features may use. */

export { GoalsRepository } from './goals.repository.ts';
export { goalsRoutes } from './goals.routes.ts';
export { GoalsService } from './goals.service.ts';
