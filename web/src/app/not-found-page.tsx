import { Link } from 'react-router';
import { buttonClass } from '../components/ui/button';
import { useDocumentTitle } from '../lib/use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <div className="page page--narrow">
      <h1>Page not found</h1>
      <p>That address does not lead anywhere in Book Tracker.</p>
      <p>
        <Link to="/" className={buttonClass('primary')}>
          Go to your feed
        </Link>
      </p>
    </div>
  );
}
