import { Link } from 'react-router';
import { Avatar } from '../../../components/ui/avatar';
import type { Reader } from '../api/search-readers';
import styles from './readers-page.module.css';

/** Readers as a list of links to their profiles. */
export function ReaderList({ readers, label }: { readers: readonly Reader[]; label: string }) {
  return (
    <ul className={styles.list} aria-label={label}>
      {readers.map((reader) => (
        <li key={reader.id} className={styles.row}>
          <Avatar name={reader.displayName || reader.username} src={reader.avatarUrl} size="sm" />
          <span className={styles.name}>
            <Link to={`/u/${reader.username}`}>{reader.displayName || reader.username}</Link>{' '}
            <span className="muted">@{reader.username}</span>
          </span>
          {reader.isFollowing ? <span className="muted">Following</span> : null}
        </li>
      ))}
    </ul>
  );
}
