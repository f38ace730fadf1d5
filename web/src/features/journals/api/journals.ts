import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { JournalChanges, JournalEntry, JournalInput, JournalPage } from '../types';
import { journalKeys } from './keys';

const PAGE_SIZE = 20;

function pageQuery(cursor: string | null): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

export function useMyJournal() {
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: journalKeys.mine,
      queryFn: ({ pageParam, signal }) =>
        apiRequest<JournalPage>(`/api/journals?${pageQuery(pageParam)}`, { signal }),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
    }),
  );
}

/** Another reader's journal, as much of it as their privacy and each entry's visibility allow. */
export function useUserJournal(username: string) {
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: journalKeys.ofUser(username),
      queryFn: ({ pageParam, signal }) =>
        apiRequest<JournalPage>(
          `/api/users/${encodeURIComponent(username)}/journals?${pageQuery(pageParam)}`,
          { signal },
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
      retry: false,
    }),
  );
}

export function useCreateJournal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: JournalInput) => apiRequest<JournalEntry>('/api/journals', { json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: journalKeys.all }),
  });
}

export function useUpdateJournal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: JournalChanges }) =>
      apiRequest<JournalEntry>(`/api/journals/${id}`, { method: 'PATCH', json: changes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: journalKeys.all }),
  });
}

export function deleteJournal(id: number, keepalive = false): Promise<void> {
  return apiRequest<void>(`/api/journals/${id}`, { method: 'DELETE', keepalive });
}
