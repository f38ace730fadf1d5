/** The journals feature's face: what other features, the CLI and the server may use. */
export { type AttachmentFilesCheck, checkAttachmentFiles } from './attachment-files.ts';
export { socialAudience } from './audience.ts';
export { JournalsRepository } from './journals.repository.ts';
export { journalsRoutes } from './journals.routes.ts';
export { type JournalView, MAX_CONTENT, type NoteView } from './journals.schemas.ts';
export { importedJournalRow, JournalsService } from './journals.service.ts';
export { MyWordsService } from './my-words.service.ts';
export { NotesRepository } from './notes.repository.ts';
export { importedNoteRow, NotesService, type RestoredAttachment } from './notes.service.ts';
