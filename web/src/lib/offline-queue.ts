// Changes made while offline, kept in this browser (localStorage) per signed-in reader, so a reload
// or a closed tab does not lose them. They are sent when the connection is back; a reader's queue
// is never read for another reader, and signing out drops it.
const PREFIX = 'bt:offline-queue:';

export interface QueuedChange {
  /** Unique within the queue. */
  id: string;
  /** Which reader made it: only their session sends it. */
  userId: number;
  entryId: number;
  /** The fields, as PATCH /api/library/:id takes them. */
  changes: Record<string, unknown>;
  /** The entry's updatedAt when the change was made: if the server's differs, it changed since. */
  baseUpdatedAt: string;
  madeAt: string;
}

const listeners = new Set<() => void>();
let owner: number | null = null;
let snapshot: readonly QueuedChange[] = [];

function keyOf(userId: number): string {
  return `${PREFIX}${userId}`;
}

function read(userId: number): QueuedChange[] {
  try {
    const raw = localStorage.getItem(keyOf(userId));
    const items = raw ? (JSON.parse(raw) as QueuedChange[]) : [];
    return Array.isArray(items) ? items.filter((item) => item.userId === userId) : [];
  } catch {
    return [];
  }
}

function write(userId: number, items: readonly QueuedChange[]): void {
  try {
    if (items.length === 0) localStorage.removeItem(keyOf(userId));
    else localStorage.setItem(keyOf(userId), JSON.stringify(items));
  } catch {
    // Storage full or off (private mode): the queue lives only as long as the page.
  }
}

function emit(): void {
  snapshot = owner === null ? [] : read(owner);
  for (const listener of listeners) listener();
}

const OWNER_KEY = 'bt:offline-queue-owner';

/**
 * Whose queue this page shows and sends: the signed-in reader, or nobody. `undefined` means the
 * server could not be asked (offline after a reload): the reader last signed in on this browser,
 * who has not signed out, keeps seeing their waiting changes.
 */
export function setQueueOwner(userId: number | null | undefined): void {
  let next: number | null;
  if (userId === undefined) {
    try {
      const kept = Number(localStorage.getItem(OWNER_KEY));
      next = Number.isInteger(kept) && kept > 0 ? kept : null;
    } catch {
      next = null;
    }
  } else {
    next = userId;
    try {
      if (userId === null) localStorage.removeItem(OWNER_KEY);
      else localStorage.setItem(OWNER_KEY, String(userId));
    } catch {
      // Storage off: the queue is only known while the reader's session answers.
    }
  }
  if (owner === next) return;
  owner = next;
  emit();
}

export function subscribeQueue(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The signed-in reader's waiting changes, oldest first (a stable snapshot for React). */
export function queuedChanges(): readonly QueuedChange[] {
  return snapshot;
}

export function enqueueChange(change: Omit<QueuedChange, 'id' | 'madeAt'>): void {
  const items = read(change.userId);
  items.push({
    ...change,
    id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    madeAt: new Date().toISOString(),
  });
  write(change.userId, items);
  emit();
}

export function dropChanges(userId: number, ids: readonly string[]): void {
  write(
    userId,
    read(userId).filter((item) => !ids.includes(item.id)),
  );
  emit();
}

/** On sign-out: what this reader left waiting is not sent by anyone else's session. */
export function clearQueue(userId: number): void {
  write(userId, []);
  setQueueOwner(null);
  emit();
}

// Another tab of the same reader changed the queue.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key?.startsWith(PREFIX)) emit();
  });
}
