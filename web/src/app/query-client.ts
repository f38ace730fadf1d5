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
const RECOVERY_POLL_MS = 5_000;

/** No answer at all, or the server's own failure: worth asking again later. */
function isTransient(error: unknown): boolean {
  return !isApiError(error) || error.status === 0 || error.status >= 500;
}

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
        // A list that failed because the server was away asks again by itself, so it recovers
        // when the server is back without anyone pressing "Try again".
        refetchInterval: (query) =>
          query.state.status === 'error' && isTransient(query.state.error) ? RECOVERY_POLL_MS : false,
        retry: (failureCount, error) => {
          if (isApiError(error) && error.status > 0 && error.status < 500) return false;
          return failureCount < 2;
        },
      },
      // Offline, a change fails at once with a clear message (apiRequest says "You are offline");
      // only changes that are safe to replay later opt in to waiting (networkMode 'online', as
      // the library's entry updates do).
      mutations: { retry: false, networkMode: 'always' },
    },
  });
  return queryClient;
}
