import { Navigate } from 'react-router';
import { useMe } from '../../account/api/get-me';

/** /profile is a stable address for "me"; the canonical one carries the username. */
export function OwnProfileRedirect() {
  const me = useMe();
  if (!me.data) return null;
  return <Navigate to={`/u/${encodeURIComponent(me.data.username)}`} replace />;
}
