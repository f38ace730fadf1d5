/** What other features may use of activities: the writer that records them in their transactions. */
export type { ActivityInput, ActivitySubject, SubjectChanges } from './activity-writer.ts';
export { ActivityWriter, COALESCE_WINDOW_MS } from './activity-writer.ts';
