import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useMe } from '../../account/api/get-me';
import { nameOf } from '../../account/types';

export function FeedPage() {
  useDocumentTitle('Feed');
  const me = useMe();
  const name = me.data ? nameOf(me.data) : null;
  return (
    <div className="page">
      <h1>{name ? `Hello, ${name}` : 'Your feed'}</h1>
      <EmptyState title="Your feed will show here">
        <p>
          When you add books to your library and follow other readers, what you and they are reading will
          appear on this page. Book search and your library are coming next.
        </p>
        <p>For now, make this place yours: add a photo and a few words about what you like to read.</p>
      </EmptyState>
      <p className="center">
        <Link to="/settings" className="button button--primary">
          Set up your profile
        </Link>
      </p>
    </div>
  );
}
