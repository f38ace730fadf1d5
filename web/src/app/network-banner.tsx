import { useIsMutating, useMutationState } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useToast } from '../components/ui/toast';
import { useOnline } from '../lib/use-online';
import styles from './network-banner.module.css';

/**
 * Says when the app is offline and how many changes wait on this device; when the connection is
 * back and the queue has drained, says the changes are saved.
 */
export function NetworkBanner() {
  const online = useOnline();
  const waiting = useMutationState({
    filters: { status: 'pending', predicate: (m) => m.state.isPaused },
  }).length;
  const sending = useIsMutating();
  const toast = useToast();
  const hadQueue = useRef(false);
  if (waiting > 0) hadQueue.current = true;

  useEffect(() => {
    if (online && sending === 0 && hadQueue.current) {
      hadQueue.current = false;
      toast.show('You are back online. Your changes are saved.', 'info');
    }
  }, [online, sending, toast]);

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
