/** The library feature's face: a reader's shelved books. Import the feature only from here. */
export { LibraryRepository } from './library.repository.ts';
export { libraryRoutes } from './library.routes.ts';
export { LibraryService } from './library.service.ts';
