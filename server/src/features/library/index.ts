/** The library feature's face: a reader's shelved books. Import the feature only from here. */

export { isCalendarDate, MAX_TAG_LENGTH, MAX_TAGS } from './entry-rules.ts';
export { LibraryRepository, shelfCountsSql } from './library.repository.ts';
export { libraryRoutes } from './library.routes.ts';
export { LibraryService } from './library.service.ts';
