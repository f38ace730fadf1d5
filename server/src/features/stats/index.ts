/** The stats feature's face: what other features may use. */

export { StatsRepository } from './stats.repository.ts';
export { statsRoutes } from './stats.routes.ts';
export { StatsService } from './stats.service.ts';
