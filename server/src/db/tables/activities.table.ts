import type { Generated } from 'kysely';
import type { Visibility } from './library-entries.table.ts';

export type ActivityType =
  | 'shelved'
  | 'started'
  | 'finished'
  | 'did_not_finish'
  | 'reviewed'
  | 'journal_entry'
  | 'goal_set'
  | 'books_added';

export type ActivitySubjectType = 'entry' | 'journal' | 'goal';

export interface ActivitiesTable {
  id: Generated<number>;
  userId: number;
  type: ActivityType;
  bookId: number | null;
  entryId: number | null;
  subjectType: ActivitySubjectType | null;
  subjectId: number | null;
  visibility: Visibility;
  /** JSON text: what the activity shows beyond its book and entry (a batch's count, a goal). */
  data: string | null;
  createdAt: string;
  updatedAt: string;
}
