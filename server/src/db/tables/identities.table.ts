import type { Generated } from 'kysely';

/** An account's sign-in with an OpenID Connect provider: one subject maps to one account. */
export interface IdentitiesTable {
  id: Generated<number>;
  userId: number;
  provider: string;
  subject: string;
  email: string | null;
  createdAt: string;
}
