/** What other features may use of activities: the writer that records them in their transactions. */
/** @public The writer's argument types, for features that record activities (docs/architecture.md). */
export type { ActivityInput, ActivitySubject, SubjectChanges } from './activity-writer.ts';
export { ActivityWriter, COALESCE_WINDOW_MS } from './activity-writer.ts';
export { FeedRepository } from './feed.repository.ts';
export { feedRoutes } from './feed.routes.ts';
export { FeedService } from './feed.service.ts';
