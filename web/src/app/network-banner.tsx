import { useMutationState } from '@tanstack/react-query';
import { useQueuedCount } from '../features/library/use-queued-entry';
import { useOnline } from '../lib/use-online';
import styles from './network-banner.module.css';

/**
 * Says when the app is offline and how many changes wait on this device (kept across reloads, see
 * OfflineReplayer, which also says how sending them went).
 */
export function NetworkBanner() {
  const online = useOnline();
  const paused = useMutationState({
    filters: { status: 'pending', predicate: (m) => m.state.isPaused },
  }).length;
  const waiting = paused + useQueuedCount();

  const changes = `${waiting} change${waiting === 1 ? '' : 's'}`;
  return (
    <div role="status" className={styles.networkBannerRegion}>
      {!online ? (
        <p className={styles.networkBanner}>
          <strong>You are offline.</strong>{' '}
          {waiting > 0
            ? `${changes} waiting on this device; they are sent when you are back online.`
            : 'Changes to your shelves, progress and ratings are kept and sent when you are back online.'}
        </p>
      ) : waiting > 0 ? (
        <p className={styles.networkBanner}>Sending {changes}…</p>
      ) : null}
    </div>
  );
}
