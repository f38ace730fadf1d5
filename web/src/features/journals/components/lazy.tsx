import { lazy, Suspense } from 'react';

// The journal's and notes' pieces that show on other pages (a profile, the book page) load in
// their own chunk, so the first download stays small.
const UserJournalPart = lazy(() => import('./user-journal').then((m) => ({ default: m.UserJournal })));

export function LazyUserJournal(props: { username: string; isSelf: boolean }) {
  return (
    <Suspense fallback={null}>
      <UserJournalPart {...props} />
    </Suspense>
  );
}

const BookNotesPart = lazy(() => import('./book-notes').then((m) => ({ default: m.BookNotes })));

export function LazyBookNotes(props: { bookId: number }) {
  return (
    <Suspense fallback={null}>
      <BookNotesPart {...props} />
    </Suspense>
  );
}
