/**
 * The books (catalog) feature's face: what other features, the app and the tooling may use.
 * Import the feature only from here (`npm run lint` refuses imports of its other files).
 */
export type { BookRow } from './books.repository.ts';
export { booksRoutes } from './books.routes.ts';
export { Book, BookIdParams } from './books.schemas.ts';
export { type BooksService, createBooksService, toBook } from './books.service.ts';
export { coverMediaRoutes } from './covers.routes.ts';
export { isbn13To10, isValidIsbn13, parseIsbn } from './isbn.ts';
export { bookSearchText, foldText, queryTerms, sortAuthor, sortTitle, tokenize } from './search-text.ts';
