import type { Generated } from 'kysely';

/** A reread of a library entry's book, with its own dates. */
export interface ReadsTable {
  id: Generated<number>;
  entryId: number;
  userId: number;
  startedOn: string | null;
  finishedOn: string | null;
  createdAt: string;
  updatedAt: string;
}
