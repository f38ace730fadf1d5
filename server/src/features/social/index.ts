/** What other features may use of the social feature: the relation the privacy rule starts from. */

export { followCountsSql, SocialRepository, viewerRelationSql } from './social.repository.ts';
export { socialRoutes } from './social.routes.ts';
/** @public What `viewOwner` answers (docs/architecture.md, privacy). */
export type { ViewedOwner } from './social.service.ts';
export { SocialService } from './social.service.ts';
