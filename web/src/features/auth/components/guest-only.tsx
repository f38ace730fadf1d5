import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../../account/api/get-me';
import { PageSkeleton } from './require-auth';

export function redirectTarget(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = state.from;
    // Only same-app paths: never bounce a reader to another site after signing in.
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//')) return from;
  }
  return '/';
}

/** Sign-in and sign-up are for visitors; a signed-in reader goes back to where they were headed. */
export function GuestOnly() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageSkeleton />;
  if (me.data) return <Navigate to={redirectTarget(location.state)} replace />;
  return <Outlet />;
}
