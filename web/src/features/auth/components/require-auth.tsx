import { Navigate, Outlet, useLocation } from 'react-router';
import { Button } from '../../../components/ui/button';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import { useMe } from '../../account/api/get-me';

export function PageSkeleton() {
  return (
    <LoadingRegion label="Loading…">
      <div className="page">
        <Skeleton width="40%" height="2rem" />
        <div className="stack-sm" style={{ marginTop: '1.5rem' }}>
          <Skeleton width="90%" />
          <Skeleton width="75%" />
          <Skeleton width="60%" />
        </div>
      </div>
    </LoadingRegion>
  );
}

/** Pages behind this need a signed-in reader; everyone else goes to sign in and comes back after. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <PageSkeleton />;
  if (me.isError) {
    return (
      <div className="page page--narrow">
        <h1>We could not reach Book Tracker</h1>
        <p role="alert">{me.error.message}</p>
        <Button onClick={() => void me.refetch()} busy={me.isFetching} busyLabel="Trying again…">
          Try again
        </Button>
      </div>
    );
  }
  if (!me.data) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/sign-in" replace state={from === '/' ? undefined : { from }} />;
  }
  return <Outlet />;
}
