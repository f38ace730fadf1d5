import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../test/factories.ts';
import { buildTestApp, registerUser, type TestUser } from '../../../test/helpers.ts';

/**
 * The privacy rule (db/privacy.ts) through every read path that shows a reader's things:
 * 3 account levels × 3 item levels × 5 viewers, each path checked against one answer key.
 * Items are made while the account is public and the privacy is changed afterwards, so the
 * matrix also shows that a change applies to old items and activities at once.
 */
type Level = 'public' | 'followers' | 'private';
type ViewerKind = 'anonymous' | 'stranger' | 'follower' | 'owner' | 'blocked';
const LEVELS: Level[] = ['public', 'followers', 'private'];
const VIEWERS: ViewerKind[] = ['anonymous', 'stranger', 'follower', 'owner', 'blocked'];

function expected(viewer: ViewerKind, privacy: Level, visibility: Level): boolean {
  if (viewer === 'owner') return true;
  if (viewer === 'blocked') return false;
  if (privacy === 'private' || visibility === 'private') return false;
  if (viewer === 'follower') return true;
  return privacy === 'public' && visibility === 'public';
}

let t: Awaited<ReturnType<typeof buildTestApp>>;
/** Today (UTC): each item is a book finished today, so it counts towards this year's goal. */
const TODAY = new Date().toISOString().slice(0, 10);
const YEAR = Number(TODAY.slice(0, 4));
const GOAL_TARGET = 12;
const owners = new Map<Level, { user: TestUser; items: Map<Level, { entryId: number; bookId: number }> }>();
let stranger: TestUser;
let follower: TestUser;
let blocked: TestUser;

const get = (url: string, user: TestUser | null) =>
  t.app.inject({ method: 'GET', url, headers: user ? user.auth : {} });

beforeAll(async () => {
  t = await buildTestApp();
  stranger = await registerUser(t.app);
  follower = await registerUser(t.app);
  blocked = await registerUser(t.app);
  for (const privacy of LEVELS) {
    const user = await registerUser(t.app);
    await t.app.inject({ method: 'PATCH', url: '/api/me', headers: user.auth, payload: { bio: 'I read.' } });
    const items = new Map<Level, { entryId: number; bookId: number }>();
    for (const visibility of LEVELS) {
      const book = await buildBook(t.database.db);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/library',
        headers: user.auth,
        payload: {
          bookId: book.id,
          status: 'read',
          finishedOn: TODAY,
          rating: 4,
          review: `A ${visibility} review.`,
          visibility,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      items.set(visibility, { entryId: res.json().id, bookId: book.id });
    }
    const goal = await t.app.inject({
      method: 'PUT',
      url: `/api/goals/${YEAR}`,
      headers: user.auth,
      payload: { target: GOAL_TARGET, pagesTarget: null },
    });
    expect(goal.statusCode, goal.body).toBe(200);
    for (const viewer of [follower, blocked]) {
      await t.app.inject({ method: 'PUT', url: `/api/users/${user.username}/follow`, headers: viewer.auth });
    }
    await t.app.inject({ method: 'PUT', url: `/api/users/${blocked.username}/block`, headers: user.auth });
    await t.app.inject({ method: 'PATCH', url: '/api/me', headers: user.auth, payload: { privacy } });
    owners.set(privacy, { user, items });
  }
});
afterAll(async () => {
  await t.close();
});

function viewerFor(kind: ViewerKind, owner: TestUser): TestUser | null {
  return { anonymous: null, stranger, follower, owner, blocked }[kind];
}

/** Runs `check` for all 45 cases and counts them, so a path cannot silently skip some. */
async function matrix(
  check: (c: {
    privacy: Level;
    visibility: Level;
    viewer: ViewerKind;
    owner: TestUser;
    item: { entryId: number; bookId: number };
    visible: boolean;
  }) => Promise<void>,
) {
  let cases = 0;
  for (const privacy of LEVELS) {
    const o = owners.get(privacy);
    if (!o) throw new Error('setup');
    for (const visibility of LEVELS) {
      const item = o.items.get(visibility);
      if (!item) throw new Error('setup');
      for (const viewer of VIEWERS) {
        await check({
          privacy,
          visibility,
          viewer,
          owner: o.user,
          item,
          visible: expected(viewer, privacy, visibility),
        });
        cases += 1;
      }
    }
  }
  expect(cases).toBe(45);
}

describe('the privacy matrix', () => {
  it('GET /api/users/:username/library lists exactly the visible entries (404 across a block)', async () => {
    await matrix(async ({ viewer, owner, item, visible, privacy, visibility }) => {
      const res = await get(`/api/users/${owner.username}/library`, viewerFor(viewer, owner));
      const label = `${privacy}/${visibility}/${viewer}`;
      if (viewer === 'blocked') return expect(res.statusCode, label).toBe(404);
      expect(res.statusCode, label).toBe(200);
      const ids = (res.json().items as { id: number }[]).map((e) => e.id);
      expect(ids.includes(item.entryId), label).toBe(visible);
    });
  });

  it('GET /api/users/:username shows details and counts only of what the viewer may see', async () => {
    await matrix(async ({ viewer, owner, visible, privacy, visibility }) => {
      const label = `${privacy}/${visibility}/${viewer}`;
      const res = await get(`/api/users/${owner.username}`, viewerFor(viewer, owner));
      if (viewer === 'blocked') return expect(res.statusCode, label).toBe(404);
      expect(res.statusCode, label).toBe(200);
      const profile = res.json();
      const details = expected(viewer, privacy, 'public');
      expect(profile.restricted, label).toBe(!details);
      expect(profile.bio, label).toBe(details ? 'I read.' : '');
      expect(profile.username, label).toBe(owner.username);
      const visibleCount = LEVELS.filter((v) => expected(viewer, privacy, v)).length;
      expect(profile.counts.books, label).toBe(visibleCount);
      expect(profile.counts.byStatus.read, label).toBe(visibleCount);
      // The follower is counted only where the viewer may see the profile's details.
      expect(profile.counts.followers, label).toBe(details ? 1 : 0);
      // The year's goal shows with the shelves, its progress counting only the visible books.
      if (!details) expect(profile.goal, label).toBeNull();
      else
        expect(profile.goal, label).toMatchObject({
          year: YEAR,
          target: GOAL_TARGET,
          pagesTarget: null,
          booksRead: visibleCount,
        });
      void visible;
    });
  });

  it('GET /api/users/:username/followers answers only to whoever may see the profile’s details', async () => {
    await matrix(async ({ viewer, owner, privacy, visibility }) => {
      const label = `${privacy}/${visibility}/${viewer}`;
      const res = await get(`/api/users/${owner.username}/followers`, viewerFor(viewer, owner));
      expect(res.statusCode, label).toBe(expected(viewer, privacy, 'public') ? 200 : 404);
    });
  });

  it('GET /api/feed shows a followed reader’s activity exactly when it is visible', async () => {
    await matrix(async ({ viewer, owner, item, visible, privacy, visibility }) => {
      const label = `${privacy}/${visibility}/${viewer}`;
      const who = viewerFor(viewer, owner);
      if (!who) return expect((await get('/api/feed', null)).statusCode).toBe(401);
      const res = await get('/api/feed?limit=100', who);
      expect(res.statusCode, label).toBe(200);
      const books = (res.json().items as { book: { id: number } | null }[]).map((i) => i.book?.id);
      // Only followers and the owner have the owner in their feed at all.
      const inFeed = visible && (viewer === 'follower' || viewer === 'owner');
      expect(books.includes(item.bookId), label).toBe(inFeed);
    });
  });

  it('GET /api/books/:id/reviews lists and averages exactly the visible ratings', async () => {
    await matrix(async ({ viewer, owner, item, visible, privacy, visibility }) => {
      const label = `${privacy}/${visibility}/${viewer}`;
      const res = await get(`/api/books/${item.bookId}/reviews`, viewerFor(viewer, owner));
      expect(res.statusCode, label).toBe(200);
      const page = res.json();
      expect(page.ratingCount, label).toBe(visible ? 1 : 0);
      expect(page.averageRating, label).toBe(visible ? 4 : null);
      // One's own review is on the page as one's entry, not in the list of others.
      expect(page.items.length, label).toBe(visible && viewer !== 'owner' ? 1 : 0);
    });
  });
});
