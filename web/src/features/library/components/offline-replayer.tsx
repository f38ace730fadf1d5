import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useToast } from '../../../components/ui/toast';
import { apiRequest, isApiError } from '../../../lib/api-client';
import { writeDraft } from '../../../lib/local-draft';
import { dropChanges, type QueuedChange, queuedChanges, setQueueOwner } from '../../../lib/offline-queue';
import { useOnline } from '../../../lib/use-online';
import { useMe } from '../../account/api/get-me';
import { invalidateLibrary, setBookEntry } from '../api/sync-entry';
import { updateEntry } from '../api/update-entry';
import { type Entry, type EntryFields, withoutBook } from '../types';
import { useQueuedCount } from '../use-queued-entry';

/** While changes wait and the browser says it is online but a send failed, try again this often. */
const RETRY_MS = 15_000;

/** No answer at all: still offline in fact, so stop and keep everything for later. */
function isUnreachable(error: unknown): boolean {
  return !isApiError(error) || error.status === 0;
}

interface Outcome {
  sent: number;
  refused: string[];
  unreachable: boolean;
}

/**
 * A refused review is not lost: it goes back to the book page as a draft, where the reader chooses
 * between it and the review the server has now.
 */
function keepReviewAsDraft(entryId: number, changes: readonly QueuedChange[]): void {
  const last = [...changes].reverse().find((change) => typeof change.changes.review === 'string');
  if (!last) return;
  writeDraft(`review:${entryId}`, {
    review: last.changes.review,
    reviewHasSpoilers: last.changes.reviewHasSpoilers === true,
    // Never equal to a saved review: the page asks which one to keep.
    base: '\u0000refused offline change',
  });
}

/**
 * Sends one entry's waiting changes, merged in the order made, if the entry on the server is still
 * the one they were made on (its updatedAt). If it changed since (another device, another tab), a
 * replay could undo someone's newer change, so they are refused and the reader is told.
 */
async function replayEntry(
  entryId: number,
  changes: readonly QueuedChange[],
  onSent: (entry: Entry) => void,
): Promise<{ sent: boolean; refused?: string }> {
  const first = changes[0];
  if (!first) return { sent: false };
  let current: Entry;
  try {
    current = await apiRequest<Entry>(`/api/library/${entryId}`);
  } catch (error) {
    if (isUnreachable(error)) throw error;
    if (isApiError(error) && error.status === 404)
      return { sent: false, refused: 'A book you changed offline is no longer in your library.' };
    return { sent: false, refused: error instanceof Error ? error.message : 'A change was refused.' };
  }
  if (current.updatedAt !== first.baseUpdatedAt) {
    keepReviewAsDraft(entryId, changes);
    return {
      sent: false,
      refused: `“${current.book.title}” changed on the server since you went offline, so your offline changes to it were not sent.`,
    };
  }
  const merged = Object.assign({}, ...changes.map((change) => change.changes)) as EntryFields;
  try {
    onSent(await updateEntry({ id: entryId, changes: merged }));
    return { sent: true };
  } catch (error) {
    if (isUnreachable(error)) throw error;
    keepReviewAsDraft(entryId, changes);
    return {
      sent: false,
      refused: `“${current.book.title}”: ${error instanceof Error ? error.message : 'not saved'}`,
    };
  }
}

async function replayAll(userId: number, onSent: (entry: Entry) => void): Promise<Outcome> {
  const outcome: Outcome = { sent: 0, refused: [], unreachable: false };
  const byEntry = new Map<number, QueuedChange[]>();
  for (const change of queuedChanges()) {
    if (change.userId !== userId) continue;
    byEntry.set(change.entryId, [...(byEntry.get(change.entryId) ?? []), change]);
  }
  for (const [entryId, changes] of byEntry) {
    try {
      const result = await replayEntry(entryId, changes, onSent);
      dropChanges(
        userId,
        changes.map((change) => change.id),
      );
      if (result.sent) outcome.sent += changes.length;
      if (result.refused) outcome.refused.push(result.refused);
    } catch {
      outcome.unreachable = true;
      break;
    }
  }
  return outcome;
}

/**
 * Owns the signed-in reader's offline queue: loads it (also after a reload), sends it when the
 * browser is online, and says how that went in the one toast region.
 */
export function OfflineReplayer() {
  const me = useMe();
  const online = useOnline();
  // Undefined while the session cannot be asked (offline after a reload): the queue's owner then
  // is the reader last signed in here; it is only sent once the session answers as that reader.
  const known = me.data === undefined ? undefined : (me.data?.id ?? null);
  const userId = known ?? null;
  const waiting = useQueuedCount();
  const queryClient = useQueryClient();
  const toast = useToast();
  const running = useRef(false);
  // Bumped after each run, so changes made meanwhile (or a failed send, after a pause) go next.
  const [tick, setTick] = useState(0);

  useEffect(() => {
    setQueueOwner(known);
  }, [known]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick only asks to look at the queue again
  useEffect(() => {
    if (userId === null || !online || waiting === 0 || running.current) return;
    running.current = true;
    const run = async () => {
      const outcome = await replayAll(userId, (entry) =>
        setBookEntry(queryClient, entry.book.id, withoutBook(entry)),
      );
      await invalidateLibrary(queryClient);
      if (outcome.refused.length > 0) {
        toast.show(outcome.refused.join(' '), 'error');
      } else if (outcome.sent > 0 && !outcome.unreachable) {
        toast.show('You are back online. Your changes are saved.', 'info');
      }
      return outcome.unreachable;
    };
    void run()
      .catch(() => true)
      .then((unreachable) => {
        running.current = false;
        if (unreachable) window.setTimeout(() => setTick((n) => n + 1), RETRY_MS);
        else setTick((n) => n + 1);
      });
  }, [userId, online, waiting, queryClient, toast, tick]);

  return null;
}
