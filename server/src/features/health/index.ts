/** The health feature's face. Import the feature only from here. */
export { healthRoutes } from './health.routes.ts';
