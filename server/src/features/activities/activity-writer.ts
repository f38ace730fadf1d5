import type { DbExecutor } from '../../db/executor.ts';
import { VISIBILITIES } from '../../db/privacy.ts';
import type { ActivitySubjectType, ActivityType } from '../../db/tables/activities.table.ts';
import type { Visibility } from '../../db/tables/library-entries.table.ts';
import { nowIso } from '../../lib/time.ts';
import { ActivitiesRepository } from './activities.repository.ts';

/** Edits to one subject closer together than this become one activity. */
export const COALESCE_WINDOW_MS = 5 * 60_000;

export interface ActivitySubject {
  type: ActivitySubjectType;
  /** The entry's or journal entry's id, or the goal's year. */
  id: number;
}

export interface ActivityInput {
  /** Who did it (the actor, whose privacy governs the activity). */
  userId: number;
  type: ActivityType;
  /** What it is about; null only for a batch. An `entry` subject also links the entry. */
  subject: ActivitySubject | null;
  bookId?: number | null;
  /** The subject's own visibility; the account's privacy is applied on top at read time. */
  visibility: Visibility;
  /** Shown with the activity beyond its book and entry (e.g. `{ excerpt }`, `{ year, target }`). */
  data?: Record<string, unknown> | null;
  /** When it happened; now by default (the seed and tests pass older times). */
  at?: string;
}

export interface SubjectChanges {
  visibility?: Visibility;
  bookId?: number | null;
  data?: Record<string, unknown> | null;
}

/**
 * Records what readers do, always inside the caller's transaction (`tx`), so an activity exists
 * exactly when what it describes does. Other features reach it through `features/activities`.
 */
export class ActivityWriter {
  readonly #windowMs: number;

  constructor(options: { coalesceWindowMs?: number } = {}) {
    this.#windowMs = options.coalesceWindowMs ?? COALESCE_WINDOW_MS;
  }

  /**
   * Adds an activity, or folds it into the subject's newest activity when that one is younger
   * than the coalescing window (shelved → started → finished in a minute is one "finished").
   * A review written in that window does not hide the status change it follows.
   */
  async record(tx: DbExecutor, input: ActivityInput): Promise<{ id: number; coalesced: boolean }> {
    const repo = new ActivitiesRepository(tx);
    const at = input.at ?? nowIso();
    const data = input.data ? JSON.stringify(input.data) : null;
    if (input.subject) {
      const latest = await repo.latestForSubject({ userId: input.userId, ...input.subject });
      if (latest) {
        const age = Date.parse(at) - Date.parse(latest.createdAt);
        if (age >= 0 && age < this.#windowMs) {
          const type = input.type === 'reviewed' && latest.type !== 'reviewed' ? latest.type : input.type;
          await repo.update(latest.id, {
            type,
            bookId: input.bookId ?? null,
            visibility: input.visibility,
            data,
            updatedAt: at,
          });
          return { id: latest.id, coalesced: true };
        }
      }
    }
    const id = await repo.insert({
      userId: input.userId,
      type: input.type,
      bookId: input.bookId ?? null,
      entryId: input.subject?.type === 'entry' ? input.subject.id : null,
      subjectType: input.subject?.type ?? null,
      subjectId: input.subject?.id ?? null,
      visibility: input.visibility,
      data,
      createdAt: at,
      updatedAt: at,
    });
    return { id, coalesced: false };
  }

  /**
   * One activity for many additions ("added 312 books"), so an import does not flood followers'
   * feeds. Record it once, after the batch, instead of one activity per item. `added` counts the
   * new entries by their visibility: the activity is as visible as the most visible of them, and
   * each viewer is told only how many they may see (`countVisibleTo` in db/privacy.ts), so private
   * entries are never counted for anyone but their owner. Nothing is recorded when nothing was
   * added.
   */
  async recordBatch(
    tx: DbExecutor,
    input: { userId: number; added: Partial<Record<Visibility, number>>; at?: string },
  ): Promise<{ id: number } | null> {
    const counts = { public: 0, followers: 0, private: 0 };
    for (const v of VISIBILITIES) counts[v] = Math.max(0, Math.trunc(input.added[v] ?? 0));
    const widest = VISIBILITIES.find((v) => counts[v] > 0);
    if (!widest) return null;
    const at = input.at ?? nowIso();
    const id = await new ActivitiesRepository(tx).insert({
      userId: input.userId,
      type: 'books_added',
      bookId: null,
      entryId: null,
      subjectType: null,
      subjectId: null,
      visibility: widest,
      data: JSON.stringify({ count: counts.public + counts.followers + counts.private, counts }),
      createdAt: at,
      updatedAt: at,
    });
    return { id };
  }

  /** Keeps a subject's activities in step when it changes (e.g. its visibility); no-op without any. */
  async updateSubject(
    tx: DbExecutor,
    userId: number,
    subject: ActivitySubject,
    changes: SubjectChanges,
  ): Promise<void> {
    const set: { visibility?: Visibility; bookId?: number | null; data?: string | null } = {};
    if (changes.visibility !== undefined) set.visibility = changes.visibility;
    if (changes.bookId !== undefined) set.bookId = changes.bookId;
    if (changes.data !== undefined) set.data = changes.data ? JSON.stringify(changes.data) : null;
    if (Object.keys(set).length === 0) return;
    await new ActivitiesRepository(tx).updateForSubject({ userId, ...subject }, set);
  }

  /** Removes a subject's activities (call it when deleting the subject, in the same transaction). */
  async removeSubject(tx: DbExecutor, userId: number, subject: ActivitySubject): Promise<void> {
    await new ActivitiesRepository(tx).deleteForSubject({ userId, ...subject });
  }
}
