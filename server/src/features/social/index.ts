/** What other features may use of the social feature: the relation the privacy rule starts from. */
export type { ViewedOwner } from './social.service.ts';
export { SocialService } from './social.service.ts';
