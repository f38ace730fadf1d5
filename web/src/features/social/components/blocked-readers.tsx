import { buttonClass } from '../../../components/ui/button';
import { useToast } from '../../../components/ui/toast';
import { useBlockReader } from '../api/block-reader';
import { useBlocks } from '../api/get-blocks';
import type { Reader } from '../api/search-readers';
import styles from './readers-page.module.css';

function UnblockButton({ reader }: { reader: Reader }) {
  const block = useBlockReader(reader.username);
  const toast = useToast();
  const name = reader.displayName || reader.username;
  return (
    <button
      type="button"
      className={buttonClass('secondary')}
      disabled={block.isPending}
      onClick={() =>
        block.mutate(false, {
          onSuccess: () => toast.show(`You unblocked ${name}.`, 'success'),
          onError: (error) => toast.show(error.message, 'error'),
        })
      }
    >
      Unblock <span className="visually-hidden">{name}</span>
    </button>
  );
}

/** Settings: the readers the caller has blocked, each with Unblock (their profiles are hidden both ways). */
export function BlockedReaders() {
  const blocks = useBlocks();
  return (
    <section className="card" aria-labelledby="blocked-heading">
      <h2 id="blocked-heading">Blocked readers</h2>
      {blocks.isPending ? (
        <p className="muted">Loading…</p>
      ) : blocks.isError ? (
        <p role="alert">{blocks.error.message}</p>
      ) : blocks.data.items.length === 0 ? (
        <p className="muted">
          You have not blocked anyone. Block a reader from the More menu on their profile.
        </p>
      ) : (
        <ul className={styles.list}>
          {blocks.data.items.map((reader) => (
            <li key={reader.id} className={styles.row}>
              <span className={styles.name}>
                {reader.displayName || reader.username} <span className="muted">@{reader.username}</span>
              </span>
              <UnblockButton reader={reader} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
