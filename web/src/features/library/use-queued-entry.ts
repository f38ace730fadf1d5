import { useSyncExternalStore } from 'react';
import { type QueuedChange, queuedChanges, subscribeQueue } from '../../lib/offline-queue';
import type { EntrySummary } from './types';

function useQueue(): readonly QueuedChange[] {
  return useSyncExternalStore(subscribeQueue, queuedChanges, () => []);
}

/**
 * The entry as the reader left it: what the server has, with the changes still waiting on this
 * device laid over it (in the order made), and how many there are.
 */
export function useQueuedEntry(entry: EntrySummary): { entry: EntrySummary; waiting: number } {
  const mine = useQueue().filter((change) => change.entryId === entry.id);
  if (mine.length === 0) return { entry, waiting: 0 };
  const merged = Object.assign({}, ...mine.map((change) => change.changes)) as Partial<EntrySummary>;
  return { entry: { ...entry, ...merged }, waiting: mine.length };
}

/** How many changes wait on this device for the signed-in reader. */
export function useQueuedCount(): number {
  return useQueue().length;
}
