import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The database or an open transaction, handed between features as an opaque value: a service
 * passes the transaction its repository opened to another feature's writer (the activity
 * writer), so both changes commit or roll back together. Services never use it themselves.
 */
export type DbExecutor = Kysely<Database>;
