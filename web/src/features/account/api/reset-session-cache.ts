import type { QueryClient } from '@tanstack/react-query';
import type { User } from '../types';
import { clearSessionEndedNotice, meQueryKey } from './get-me';

/**
 * When the reader changes (sign in, sign out, account gone), nothing cached for the previous
 * one may linger. `me` is set rather than removed so mounted observers see the new answer at once.
 */
export function resetSessionCache(queryClient: QueryClient, user: User | null): void {
  if (user) clearSessionEndedNotice();
  queryClient.setQueryData(meQueryKey, user);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
}
