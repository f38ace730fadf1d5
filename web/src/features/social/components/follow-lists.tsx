import { useState } from 'react';
import { buttonClass } from '../../../components/ui/button';
import { useFollows } from '../api/get-follows';
import { ReaderList } from './reader-list';

function FollowList({ username, direction }: { username: string; direction: 'followers' | 'following' }) {
  const list = useFollows(username, direction);
  if (list.isPending) return <p className="muted">Loading…</p>;
  if (list.isError) return <p role="alert">{list.error.message}</p>;
  if (list.data.items.length === 0) return <p className="muted">Nobody yet.</p>;
  return (
    <ReaderList readers={list.data.items} label={direction === 'followers' ? 'Followers' : 'Following'} />
  );
}

/** Followers and following, opened on request. */
export function FollowLists({
  username,
  counts,
}: {
  username: string;
  counts: { followers: number; following: number };
}) {
  const [open, setOpen] = useState<'followers' | 'following' | null>(null);
  return (
    <section aria-label="Followers and following">
      <p>
        {(['followers', 'following'] as const).map((direction) => (
          <button
            key={direction}
            type="button"
            className={buttonClass('ghost')}
            aria-expanded={open === direction}
            onClick={() => setOpen(open === direction ? null : direction)}
          >
            {counts[direction].toLocaleString()}{' '}
            {direction === 'following' ? 'following' : counts.followers === 1 ? 'follower' : 'followers'}
          </button>
        ))}
      </p>
      {open ? <FollowList username={username} direction={open} /> : null}
    </section>
  );
}
