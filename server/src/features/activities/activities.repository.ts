import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbExecutor } from '../../db/executor.ts';
import type { ActivitiesTable, ActivitySubjectType } from '../../db/tables/activities.table.ts';

export type ActivityRow = Selectable<ActivitiesTable>;

export interface SubjectKey {
  userId: number;
  type: ActivitySubjectType;
  id: number;
}

/** Writes of the activities table; reads for the feed live in feed.repository.ts. */
export class ActivitiesRepository {
  readonly #db: DbExecutor;
  constructor(db: DbExecutor) {
    this.#db = db;
  }

  /** The newest activity about a subject, to fold a burst of edits into it. */
  latestForSubject(subject: SubjectKey): Promise<Pick<ActivityRow, 'id' | 'type' | 'createdAt'> | undefined> {
    return this.#db
      .selectFrom('activities')
      .select(['id', 'type', 'createdAt'])
      .where('userId', '=', subject.userId)
      .where('subjectType', '=', subject.type)
      .where('subjectId', '=', subject.id)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Adds an activity and moves its actor's `users.last_activity_at` up to its time (never back),
   * in the caller's transaction: the feed trusts that no activity is newer than that column.
   */
  async insert(row: Insertable<ActivitiesTable>): Promise<number> {
    const inserted = await this.#db
      .insertInto('activities')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.#db
      .updateTable('users')
      .set({ lastActivityAt: row.createdAt })
      .where('id', '=', row.userId)
      .where((eb) => eb.or([eb('lastActivityAt', 'is', null), eb('lastActivityAt', '<', row.createdAt)]))
      .execute();
    return inserted.id;
  }

  async update(id: number, changes: Updateable<ActivitiesTable>): Promise<void> {
    await this.#db.updateTable('activities').set(changes).where('id', '=', id).execute();
  }

  async updateForSubject(subject: SubjectKey, changes: Updateable<ActivitiesTable>): Promise<void> {
    await this.#db
      .updateTable('activities')
      .set(changes)
      .where('userId', '=', subject.userId)
      .where('subjectType', '=', subject.type)
      .where('subjectId', '=', subject.id)
      .execute();
  }

  async deleteForSubject(subject: SubjectKey): Promise<void> {
    await this.#db
      .deleteFrom('activities')
      .where('userId', '=', subject.userId)
      .where('subjectType', '=', subject.type)
      .where('subjectId', '=', subject.id)
      .execute();
  }
}
