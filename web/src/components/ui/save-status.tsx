import { cx } from '../../lib/cx';
import styles from './save-status.module.css';

/** Where an automatically saved part of a page stands. */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'queued' }
  | { kind: 'saved' }
  | { kind: 'invalid' }
  | { kind: 'error'; message: string };

export const idleSaveState: SaveState = { kind: 'idle' };

function textOf(state: SaveState): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'saving':
      return 'Saving…';
    case 'queued':
      return 'Offline: kept on this device, saved when you are back online.';
    case 'saved':
      return 'Saved';
    case 'invalid':
      return 'Not saved — correct the field above.';
    case 'error':
      return `Not saved — ${state.message}`;
  }
}

/**
 * The one line that tells a reader whether what they typed is on the server, read out politely
 * by screen readers; a failed save offers Retry next to it.
 */
export function SaveStatus({ state, onRetry }: { state: SaveState; onRetry?: () => void }) {
  const failed = state.kind === 'error';
  return (
    <div className={cx(styles.saveStatus, failed && styles.saveStatusError)}>
      <p role="status" aria-live="polite">
        {textOf(state)}
      </p>
      {failed && onRetry ? (
        <button type="button" className={styles.saveStatusRetry} onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
