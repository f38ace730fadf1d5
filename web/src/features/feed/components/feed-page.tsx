import { Link } from 'react-router';
import { buttonClass } from '../../../components/ui/button';
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
          appear on this page.
        </p>
        <p>Start by finding a book you are reading, want to read or have loved, and shelve it.</p>
      </EmptyState>
      <p className="center form-actions form-actions--center">
        <Link to="/search" className={buttonClass('primary')}>
          Find a book
        </Link>
        <Link to="/settings" className={buttonClass('secondary')}>
          Set up your profile
        </Link>
      </p>
    </div>
  );
}
