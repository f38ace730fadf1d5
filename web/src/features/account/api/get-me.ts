import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';
import type { User } from '../types';

export const meQueryKey = ['me'] as const;

type Session = ApiResponse<'/api/session', 'get'>;

const ENDED_KEY = 'bt:session-ended';

/** Whether this browser's session ended by itself (signed out elsewhere, a password change); read by sign-in. */
export function sessionEndedNotice(): boolean {
  try {
    return sessionStorage.getItem(ENDED_KEY) === '1';
  } catch {
    return false;
  }
}

export function clearSessionEndedNotice(): void {
  try {
    sessionStorage.removeItem(ENDED_KEY);
  } catch {
    // Storage may be off (private mode); the notice is only a courtesy.
  }
}

/**
 * The signed-in user, or null when nobody is signed in. The probe answers 200 either way, so a
 * first visit logs no 401 in the console.
 */
export async function getMe(): Promise<User | null> {
  const session = await apiRequest<Session>('/api/session');
  if (session.sessionEnded) {
    try {
      sessionStorage.setItem(ENDED_KEY, '1');
    } catch {
      // See clearSessionEndedNotice.
    }
  }
  return session.user;
}

export const meQueryOptions = queryOptions({
  queryKey: meQueryKey,
  queryFn: getMe,
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQueryOptions);
}
