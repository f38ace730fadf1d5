import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import { buildTestApp, registerUser } from '../../../test/helpers.ts';
import { ActivityWriter, COALESCE_WINDOW_MS } from './index.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const writer = new ActivityWriter();
const at = (base: number, minutes: number) => new Date(base + minutes * 60_000).toISOString();
const activitiesOf = (userId: number) =>
  t.database.db
    .selectFrom('activities')
    .select([
      'id',
      'type',
      'bookId',
      'entryId',
      'subjectType',
      'subjectId',
      'visibility',
      'data',
      'createdAt',
    ])
    .where('userId', '=', userId)
    .orderBy('id')
    .execute();

describe('ActivityWriter', () => {
  it('folds a burst of edits to one subject into one activity, and starts anew after the window', async () => {
    const user = await registerUser(t.app);
    const book = await buildBook(t.database.db);
    const base = Date.parse('2026-03-01T10:00:00.000Z');
    const subject = { type: 'journal' as const, id: 41 };
    const db = t.database.db;
    const first = await writer.record(db, {
      userId: user.id,
      type: 'journal_entry',
      subject,
      bookId: book.id,
      visibility: 'public',
      data: { excerpt: 'one' },
      at: at(base, 0),
    });
    expect(first.coalesced).toBe(false);
    for (let i = 1; i <= 4; i += 1) {
      const again = await writer.record(db, {
        userId: user.id,
        type: 'journal_entry',
        subject,
        bookId: book.id,
        visibility: 'followers',
        data: { excerpt: `edit ${i}` },
        at: at(base, i),
      });
      expect(again).toEqual({ id: first.id, coalesced: true });
    }
    let rows = await activitiesOf(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      visibility: 'followers',
      data: JSON.stringify({ excerpt: 'edit 4' }),
      createdAt: at(base, 0),
      entryId: null,
      subjectType: 'journal',
      subjectId: 41,
    });
    // Measured from the activity's start: a long trickle of edits does not stay one forever.
    await writer.record(db, {
      userId: user.id,
      type: 'journal_entry',
      subject,
      visibility: 'public',
      at: new Date(base + COALESCE_WINDOW_MS).toISOString(),
    });
    rows = await activitiesOf(user.id);
    expect(rows).toHaveLength(2);
    // Another subject or another reader never folds into it.
    await writer.record(db, {
      userId: user.id,
      type: 'journal_entry',
      subject: { type: 'journal', id: 42 },
      visibility: 'public',
      at: new Date(base + COALESCE_WINDOW_MS).toISOString(),
    });
    expect(await activitiesOf(user.id)).toHaveLength(3);
  });

  it('keeps the status change when a review follows it within the window', async () => {
    const user = await registerUser(t.app);
    const base = Date.parse('2026-03-02T10:00:00.000Z');
    const subject = { type: 'goal' as const, id: 2026 };
    const db = t.database.db;
    await writer.record(db, {
      userId: user.id,
      type: 'finished',
      subject,
      visibility: 'public',
      at: at(base, 0),
    });
    await writer.record(db, {
      userId: user.id,
      type: 'reviewed',
      subject,
      visibility: 'public',
      at: at(base, 1),
    });
    expect((await activitiesOf(user.id)).map((r) => r.type)).toEqual(['finished']);
    await writer.record(db, {
      userId: user.id,
      type: 'started',
      subject,
      visibility: 'public',
      at: at(base, 2),
    });
    expect((await activitiesOf(user.id)).map((r) => r.type)).toEqual(['started']);
  });

  it('updates and removes a subject’s activities', async () => {
    const user = await registerUser(t.app);
    const db = t.database.db;
    const subject = { type: 'journal' as const, id: 7 };
    await writer.record(db, {
      userId: user.id,
      type: 'journal_entry',
      subject,
      visibility: 'public',
      at: at(0, 0),
    });
    await writer.record(db, {
      userId: user.id,
      type: 'journal_entry',
      subject,
      visibility: 'public',
      at: at(0, 60),
    });
    await writer.updateSubject(db, user.id, subject, { visibility: 'private', data: { excerpt: 'x' } });
    expect((await activitiesOf(user.id)).map((r) => [r.visibility, r.data])).toEqual([
      ['private', '{"excerpt":"x"}'],
      ['private', '{"excerpt":"x"}'],
    ]);
    // Another reader's subject with the same id is untouched.
    const other = await registerUser(t.app);
    await writer.record(db, { userId: other.id, type: 'journal_entry', subject, visibility: 'public' });
    await writer.removeSubject(db, user.id, subject);
    expect(await activitiesOf(user.id)).toEqual([]);
    expect(await activitiesOf(other.id)).toHaveLength(1);
  });

  it('folds a batch into one activity, counted by visibility', async () => {
    const user = await registerUser(t.app);
    await writer.recordBatch(t.database.db, { userId: user.id, added: { public: 300, private: 12 } });
    const rows = await activitiesOf(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'books_added',
      visibility: 'public',
      data: '{"count":312,"counts":{"public":300,"followers":0,"private":12}}',
      subjectType: null,
    });
  });

  it('makes a batch as visible as its most visible entry, and records nothing for an empty one', async () => {
    const user = await registerUser(t.app);
    expect(await writer.recordBatch(t.database.db, { userId: user.id, added: {} })).toBeNull();
    expect(
      await writer.recordBatch(t.database.db, { userId: user.id, added: { public: 0, private: -3 } }),
    ).toBeNull();
    expect(await activitiesOf(user.id)).toEqual([]);
    await writer.recordBatch(t.database.db, { userId: user.id, added: { followers: 2, private: 5 } });
    await writer.recordBatch(t.database.db, { userId: user.id, added: { private: 7 } });
    expect((await activitiesOf(user.id)).map((r) => r.visibility).sort()).toEqual(['followers', 'private']);
  });

  it('writes in the caller’s transaction: a rollback takes the activity with it', async () => {
    const user = await registerUser(t.app);
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        await writer.record(tx, {
          userId: user.id,
          type: 'goal_set',
          subject: { type: 'goal', id: 2026 },
          visibility: 'public',
        });
        throw new Error('the goal could not be saved');
      }),
    ).rejects.toThrow('the goal could not be saved');
    expect(await activitiesOf(user.id)).toEqual([]);
  });

  it('goes with the account', async () => {
    const user = await registerUser(t.app);
    await writer.recordBatch(t.database.db, { userId: user.id, added: { public: 3 } });
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: user.auth,
      payload: { password: user.password },
    });
    expect(res.statusCode).toBe(204);
    expect(await activitiesOf(user.id)).toEqual([]);
  });
});
