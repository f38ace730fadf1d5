import { useCallback, useSyncExternalStore } from 'react';
import { useToast } from '../../components/ui/toast';

// Delete with Undo for things that cannot be put back once gone (a note takes its files with it):
// the item is hidden at once and the DELETE is sent only when the time to undo has passed, or
// straight away (keepalive) when the page is left. The toast with the Undo button stays up as long.
const UNDO_MS = 10_000;

interface Pending {
  timer: number | null;
  commit: (keepalive: boolean) => Promise<void>;
}

const pending = new Map<string, Pending>();
const listeners = new Set<() => void>();
let hidden: ReadonlySet<string> = new Set();

function emit() {
  hidden = new Set(pending.keys());
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    for (const [key, item] of pending) {
      if (item.timer === null) continue;
      window.clearTimeout(item.timer);
      item.timer = null;
      void item.commit(true).catch(() => pending.delete(key));
    }
  });
}

/** Whether an item is waiting to be deleted (lists leave it out meanwhile). */
export function useIsHidden(): (kind: string, id: number) => boolean {
  const current = useSyncExternalStore(subscribe, () => hidden);
  return useCallback((kind: string, id: number) => current.has(`${kind}:${id}`), [current]);
}

interface DeferredDelete {
  kind: 'journal' | 'note' | 'attachment';
  id: number;
  /** Shown in the toast: "Entry deleted." */
  message: string;
  /** Sends the DELETE. */
  remove: (keepalive: boolean) => Promise<void>;
  /** After the DELETE: refresh what listed the item (it stays hidden until this resolves). */
  afterRemove: () => Promise<unknown>;
}

export function useDeferredDelete() {
  const toast = useToast();
  return useCallback(
    ({ kind, id, message, remove, afterRemove }: DeferredDelete) => {
      const key = `${kind}:${id}`;
      if (pending.has(key)) return;
      const item: Pending = {
        timer: null,
        commit: async (keepalive) => {
          try {
            await remove(keepalive);
            await afterRemove();
          } catch (error) {
            toast.show(`Could not delete it: ${(error as Error).message}`, 'error');
          } finally {
            pending.delete(key);
            emit();
          }
        },
      };
      item.timer = window.setTimeout(() => {
        item.timer = null;
        void item.commit(false);
      }, UNDO_MS);
      pending.set(key, item);
      emit();
      toast.show(message, 'info', {
        action: {
          label: 'Undo',
          onAction: () => {
            if (item.timer === null) {
              toast.show('Too late to undo: it was already deleted.', 'error');
              return;
            }
            window.clearTimeout(item.timer);
            pending.delete(key);
            emit();
            toast.show('Restored.');
          },
        },
      });
    },
    [toast],
  );
}
