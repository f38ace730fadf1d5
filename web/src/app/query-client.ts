import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { meQueryKey } from '../features/account/api/get-me';
import { isApiError } from '../lib/api-client';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** Sign-in and friends answer 401 for wrong credentials; that is not a lost session. */
      expectsUnauthorized?: boolean;
    };
  }
}

/**
 * A 401 anywhere means the session may be gone. Rather than redirecting from here, ask the
 * server who we are again: if nobody, `me` becomes null and <RequireAuth> sends the reader to
 * sign in; if the 401 was about something else (say, a wrong current password), nothing moves.
 */
export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.status === 401 && query.queryKey[0] !== meQueryKey[0]) {
          void queryClient.invalidateQueries({ queryKey: meQueryKey });
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (isApiError(error) && error.status === 401 && !mutation.meta?.expectsUnauthorized) {
          void queryClient.invalidateQueries({ queryKey: meQueryKey });
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => {
          if (isApiError(error) && error.status > 0 && error.status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
