import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { buttonClass } from '../components/ui/button';
import { useDocumentTitle } from '../lib/use-document-title';
import layoutStyles from './layout.module.css';

export function RouteErrorPage() {
  const error = useRouteError();
  useDocumentTitle('Something went wrong');
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main id="main" className={layoutStyles.siteMain}>
      <div className="page page--narrow">
        <h1>{notFound ? 'Page not found' : 'Something went wrong'}</h1>
        <p>
          {notFound
            ? 'That address does not lead anywhere in Book Tracker.'
            : 'The page hit an unexpected problem. Reloading usually helps.'}
        </p>
        <p>
          <Link to="/" className={buttonClass('primary')}>
            Go to your feed
          </Link>
        </p>
      </div>
    </main>
  );
}
