import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import {
  accessRank,
  canSee,
  canSeeProfileDetails,
  countVisibleTo,
  type Relation,
  relationRankSql,
  visibilitiesUpTo,
  visibleSql,
} from './privacy.ts';
import type { Visibility } from './tables/library-entries.table.ts';
import type { Privacy } from './tables/users.table.ts';

const PRIVACIES: Privacy[] = ['public', 'followers', 'private'];
const VISIBILITIES: Visibility[] = ['public', 'followers', 'private'];
type ViewerKind = 'anonymous' | 'stranger' | 'follower' | 'owner' | 'blocked';
const VIEWERS: ViewerKind[] = ['anonymous', 'stranger', 'follower', 'owner', 'blocked'];

/** The rule as the issue states it, written out case by case (the answer key). */
function expected(viewer: ViewerKind, privacy: Privacy, visibility: Visibility): boolean {
  if (viewer === 'owner') return true;
  if (viewer === 'blocked') return false;
  if (privacy === 'private' || visibility === 'private') return false;
  if (viewer === 'follower') return true;
  return privacy === 'public' && visibility === 'public';
}

const RELATIONS: Record<ViewerKind, Relation | null> = {
  anonymous: null,
  stranger: { isOwner: false, follows: false, blocked: false },
  follower: { isOwner: false, follows: true, blocked: false },
  owner: { isOwner: true, follows: false, blocked: false },
  blocked: { isOwner: false, follows: false, blocked: true },
};

describe('the privacy rule in JavaScript', () => {
  for (const privacy of PRIVACIES)
    for (const visibility of VISIBILITIES)
      for (const viewer of VIEWERS)
        it(`${privacy} account, ${visibility} item, ${viewer}`, () => {
          expect(canSee(RELATIONS[viewer], privacy, visibility)).toBe(expected(viewer, privacy, visibility));
          expect(visibilitiesUpTo(accessRank(RELATIONS[viewer], privacy)).includes(visibility)).toBe(
            expected(viewer, privacy, visibility),
          );
        });

  it('shows profile details exactly to those who may see a public item', () => {
    for (const privacy of PRIVACIES)
      for (const viewer of VIEWERS)
        expect(canSeeProfileDetails(RELATIONS[viewer], privacy)).toBe(expected(viewer, privacy, 'public'));
  });
});

describe('the privacy rule in SQL', () => {
  let env: TestEnv;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    env = await createTestEnv();
    const db = env.database.db;
    const now = new Date().toISOString();
    const user = async (name: string, privacy: Privacy) => {
      const row = await db
        .insertInto('users')
        .values({
          email: `${name}@example.test`,
          emailLower: `${name}@example.test`,
          username: name,
          displayName: name,
          bio: '',
          avatarPath: null,
          privacy,
          passwordHash: null,
          googleSub: null,
          emailVerified: 0,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[name] = row.id;
      return row.id;
    };
    const stranger = await user('stranger', 'public');
    const follower = await user('follower', 'public');
    const blockedA = await user('blocked_by_owner', 'public');
    const blockedB = await user('blocker_of_owner', 'public');
    for (const privacy of PRIVACIES) {
      const owner = await user(`owner_${privacy}`, privacy);
      await db
        .insertInto('follows')
        .values({ followerId: follower, followeeId: owner, createdAt: now })
        .execute();
      // A blocked reader who still follows (as a row left behind would) sees nothing either.
      await db
        .insertInto('follows')
        .values({ followerId: blockedA, followeeId: owner, createdAt: now })
        .execute();
      await db
        .insertInto('blocks')
        .values({ blockerId: owner, blockedId: blockedA, createdAt: now })
        .execute();
      await db
        .insertInto('blocks')
        .values({ blockerId: blockedB, blockedId: owner, createdAt: now })
        .execute();
    }
    void stranger;
  });
  afterAll(async () => {
    await env.cleanup();
  });

  const sqlCanSee = async (viewerId: number | null, ownerId: number, visibility: Visibility) => {
    const row = await env.database.db
      .selectFrom('users as u')
      .select(
        visibleSql(viewerId, { id: sql.ref('u.id'), privacy: sql.ref('u.privacy') }, sql.val(visibility)).as(
          'visible',
        ),
      )
      .where('u.id', '=', ownerId)
      .executeTakeFirstOrThrow();
    return Boolean(row.visible);
  };

  it('agrees with the answer key in all 45 cases, and blocks work from either side', async () => {
    let cases = 0;
    for (const privacy of PRIVACIES) {
      const ownerId = ids[`owner_${privacy}`] ?? 0;
      for (const visibility of VISIBILITIES) {
        const viewerIds: Record<ViewerKind, number | null> = {
          anonymous: null,
          stranger: ids.stranger ?? 0,
          follower: ids.follower ?? 0,
          owner: ownerId,
          blocked: ids.blocked_by_owner ?? 0,
        };
        for (const viewer of VIEWERS) {
          const want = expected(viewer, privacy, visibility);
          expect(
            await sqlCanSee(viewerIds[viewer], ownerId, visibility),
            `${privacy}/${visibility}/${viewer}`,
          ).toBe(want);
          cases += 1;
        }
        expect(await sqlCanSee(ids.blocker_of_owner ?? 0, ownerId, visibility)).toBe(false);
      }
    }
    expect(cases).toBe(45);
  });

  it('relationRankSql, over a relation at hand, gives accessRank in every case', async () => {
    const truth = (b: boolean) => sql`(${sql.lit(b ? 1 : 0)} = 1)`;
    for (const privacy of PRIVACIES)
      for (const viewer of VIEWERS) {
        const r = RELATIONS[viewer] ?? { isOwner: false, follows: false, blocked: false };
        const { rows } = await sql<{ rank: unknown }>`select ${relationRankSql(sql.lit(privacy), {
          isOwner: truth(r.isOwner),
          follows: truth(r.follows),
          blocked: truth(r.blocked),
        })} as rank`.execute(env.database.db);
        expect(Number(rows[0]?.rank), `${privacy}/${viewer}`).toBe(accessRank(RELATIONS[viewer], privacy));
      }
  });
  it('countVisibleTo tells each rank only the part of a batch it may see', () => {
    const data = { count: 312, counts: { public: 300, followers: 10, private: 2 } };
    expect([-1, 0, 1, 2].map((rank) => countVisibleTo(rank as -1 | 0 | 1 | 2, data))).toEqual([
      0, 300, 310, 312,
    ]);
    // A batch from before the split is shown as it was; junk counts count as nothing.
    expect(countVisibleTo(1, { count: 7 })).toBe(7);
    expect(countVisibleTo(2, { count: 'many' })).toBeNull();
    expect(countVisibleTo(2, { counts: { public: -4, followers: 1.5, private: '3' } })).toBe(0);
  });
});
