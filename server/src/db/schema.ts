import type { ActivitiesTable } from './tables/activities.table.ts';
import type { BlocksTable } from './tables/blocks.table.ts';
import type { BooksTable } from './tables/books.table.ts';
import type { EntryTagsTable } from './tables/entry-tags.table.ts';
import type { FollowsTable } from './tables/follows.table.ts';
import type { GoalsTable } from './tables/goals.table.ts';
import type { IdentitiesTable } from './tables/identities.table.ts';
import type { ImportJobsTable } from './tables/import-jobs.table.ts';
import type { JournalsTable } from './tables/journals.table.ts';
import type { LibraryEntriesTable } from './tables/library-entries.table.ts';
import type { NoteAttachmentsTable } from './tables/note-attachments.table.ts';
import type { NotesTable } from './tables/notes.table.ts';
import type { PasswordResetTokensTable } from './tables/password-reset-tokens.table.ts';
import type { ReadsTable } from './tables/reads.table.ts';
import type { SessionsTable } from './tables/sessions.table.ts';
import type { UsersTable } from './tables/users.table.ts';

/** Every table the application reads and writes; features add theirs here with their migration. */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  books: BooksTable;
  libraryEntries: LibraryEntriesTable;
  entryTags: EntryTagsTable;
  reads: ReadsTable;
  goals: GoalsTable;
  importJobs: ImportJobsTable;
  follows: FollowsTable;
  blocks: BlocksTable;
  activities: ActivitiesTable;
  journals: JournalsTable;
  notes: NotesTable;
  noteAttachments: NoteAttachmentsTable;
  passwordResetTokens: PasswordResetTokensTable;
  identities: IdentitiesTable;
}
