import { migration0001Initial } from './0001-initial.ts';
import { migration0002Catalog } from './0002-catalog.ts';
import { migration0003Library } from './0003-library.ts';
import { migration0004CatalogOwnership } from './0004-catalog-ownership.ts';
import { migration0005Social } from './0005-social.ts';
import { migration0006JournalsNotes } from './0006-journals-notes.ts';
import { migration0007Data } from './0007-data.ts';
import { migration0008SignIn } from './0008-sign-in.ts';
import { migration0009FeedCoveringIndex } from './0009-feed-covering-index.ts';
import { migration0010UserLastActivity } from './0010-user-last-activity.ts';
import type { AppMigration } from './migration.ts';

/** Every migration, in order. Names sort lexically; never rename or edit one that has shipped. */
export const migrations: Record<string, AppMigration> = {
  '0001-initial': migration0001Initial,
  '0002-catalog': migration0002Catalog,
  '0003-library': migration0003Library,
  '0004-catalog-ownership': migration0004CatalogOwnership,
  '0005-social': migration0005Social,
  '0006-journals-notes': migration0006JournalsNotes,
  '0007-data': migration0007Data,
  '0008-sign-in': migration0008SignIn,
  '0009-feed-covering-index': migration0009FeedCoveringIndex,
  '0010-user-last-activity': migration0010UserLastActivity,
};
