import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { Note, NoteChanges, NoteInput, NotePage } from '../types';
import { noteKeys } from './keys';

export function bookNotesQueryOptions(bookId: number) {
  return infiniteQueryOptions({
    queryKey: noteKeys.ofBook(bookId),
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ bookId: String(bookId), limit: '100' });
      if (pageParam) query.set('cursor', pageParam);
      return apiRequest<NotePage>(`/api/notes?${query}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The reader's notes on a book, in page order (notes without a page last). */
export function useBookNotes(bookId: number, enabled = true) {
  return useInfiniteQuery({ ...bookNotesQueryOptions(bookId), enabled });
}

export function useCreateNote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NoteInput) => apiRequest<Note>('/api/notes', { json: input }),
    onSuccess: (note) => queryClient.invalidateQueries({ queryKey: noteKeys.ofBook(note.bookId) }),
  });
}

export function useUpdateNote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: NoteChanges }) =>
      apiRequest<Note>(`/api/notes/${id}`, { method: 'PATCH', json: changes }),
    onSuccess: (note) => queryClient.invalidateQueries({ queryKey: noteKeys.ofBook(note.bookId) }),
  });
}

export function deleteNote(id: number, keepalive = false): Promise<void> {
  return apiRequest<void>(`/api/notes/${id}`, { method: 'DELETE', keepalive });
}

export function deleteAttachment(noteId: number, attachmentId: number, keepalive = false): Promise<void> {
  return apiRequest<void>(`/api/notes/${noteId}/attachments/${attachmentId}`, {
    method: 'DELETE',
    keepalive,
  });
}
