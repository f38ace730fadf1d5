import { type Expression, type ExpressionBuilder, expressionBuilder, sql } from 'kysely';
import { PreparedQuery } from '../../db/compiled-queries.ts';
import type { DbExecutor } from '../../db/executor.ts';
import { accessRankSql } from '../../db/privacy.ts';
import type { Database } from '../../db/schema.ts';
import type { Privacy } from '../../db/tables/users.table.ts';
import type { Keyset } from '../../lib/keyset-cursor.ts';

export interface ReaderRow {
  id: number;
  username: string;
  displayName: string;
  avatarPath: string | null;
  privacy: Privacy;
  /** Whether the viewer follows this reader. */
  isFollowing: number | boolean;
  /** The list's sort key: when the follow or block began, or the username. */
  listedAt: string;
}

/** A reader to suggest, and how many of the viewer's followees follow them (0: a recently active reader). */
export interface SuggestionRow {
  id: number;
  username: string;
  displayName: string;
  avatarPath: string | null;
  followedBy: number;
}

/** How many of the viewer's newest follows the suggestions look through (bounds the work for 2,000). */
const SUGGESTION_FOLLOWEES = 500;

function likePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A reader in a statement: a value, a placeholder of a compiled query, or a column (`sql.ref`). */
type ReaderRef = number | Expression<number>;

/** Whether a block stands between the viewer and `reader`, in either direction (the one spelling of it). */
function blockedEitherWay(viewer: ReaderRef, reader: ReaderRef) {
  const eb = expressionBuilder<Database, never>();
  const blocks = (blocker: ReaderRef, blocked: ReaderRef) =>
    eb.exists(
      eb
        .selectFrom('blocks')
        .select(sql`1`.as('one'))
        .where('blocks.blockerId', '=', blocker)
        .where('blocks.blockedId', '=', blocked),
    );
  return eb.or([blocks(viewer, reader), blocks(reader, viewer)]);
}

/** Whether the viewer follows `reader`. */
function followsSql(viewer: ReaderRef, reader: ReaderRef) {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(
    eb
      .selectFrom('follows as vf')
      .select(sql`1`.as('one'))
      .where('vf.followerId', '=', viewer)
      .where('vf.followeeId', '=', reader),
  );
}

/**
 * How a signed-in viewer stands to `owner`, as SQL booleans another feature's statement can
 * select (the profile's one statement): whether the viewer follows the owner, and whether a block
 * stands between them either way.
 */
export function viewerRelationSql(viewer: ReaderRef, owner: Expression<number>) {
  return { follows: followsSql(viewer, owner), blocked: blockedEitherWay(viewer, owner) };
}

/**
 * Both follow counts of `owner` as SQL scalars, leaving out readers blocked with the viewer
 * (`null`: signed out, nobody to leave out).
 */
export function followCountsSql(owner: Expression<number>, viewer: ReaderRef | null) {
  const eb = expressionBuilder<Database, never>();
  const count = (own: 'followeeId' | 'followerId', other: 'followerId' | 'followeeId') => {
    let q = eb
      .selectFrom('follows')
      .select((e) => e.fn.countAll<number>().as('count'))
      .where(`follows.${own}`, '=', owner);
    if (viewer !== null) q = q.where((e) => e.not(blockedEitherWay(viewer, e.ref(`follows.${other}`))));
    return q;
  };
  return { followers: count('followeeId', 'followerId'), following: count('followerId', 'followeeId') };
}

/**
 * Follow by username in one statement (compiled once): the reader exists, is not the follower,
 * and no block stands between them either way; an existing follow is left as it is. Inserts no
 * row in every other case, and the service then finds out which (the rare path).
 */
const followByUsername = new PreparedQuery<
  undefined,
  { followerId: number; username: string; at: string },
  never
>((db, _shape, v) =>
  db
    .insertInto('follows')
    .columns(['followerId', 'followeeId', 'createdAt'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select([
          sql<number>`cast(${v.followerId} as integer)`.as('followerId'),
          'users.id',
          sql<string>`cast(${v.at} as text)`.as('createdAt'),
        ])
        .where('users.username', '=', v.username)
        .where('users.id', '!=', v.followerId)
        .where((eb) => eb.not(blockedEitherWay(v.followerId, eb.ref('users.id')))),
    )
    .onConflict((oc) => oc.columns(['followerId', 'followeeId']).doNothing()),
);

/**
 * Ends the follower's follow of `username` (lower case) in one statement. A follow never stands
 * with a block either way, nor of oneself, so a deleted row means the unfollow was allowed; no row
 * deleted means unknown, oneself, blocked or not following, which the service then tells apart.
 */
const unfollowByUsername = new PreparedQuery<undefined, { followerId: number; username: string }, never>(
  (db, _shape, v) =>
    db
      .deleteFrom('follows')
      .where('follows.followerId', '=', v.followerId)
      .where((eb) =>
        eb(
          'follows.followeeId',
          '=',
          eb.selectFrom('users').select('users.id').where('users.username', '=', v.username),
        ),
      ),
);

/** Whether the viewer follows the owner, and whether a block stands between them either way (compiled once). */
const relationQuery = new PreparedQuery<
  undefined,
  { viewerId: number; ownerId: number },
  { follows: number | boolean; blocked: number | boolean }
>((db, _shape, v) => {
  const relation = viewerRelationSql(v.viewerId, sql.val(v.ownerId));
  return db.selectNoFrom([relation.follows.as('follows'), relation.blocked.as('blocked')]);
});

export class SocialRepository {
  readonly #db: DbExecutor;
  constructor(db: DbExecutor) {
    this.#db = db;
  }

  transaction<T>(fn: (repo: SocialRepository) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute((trx) => fn(new SocialRepository(trx)));
  }

  async relation(viewerId: number, ownerId: number): Promise<{ follows: boolean; blocked: boolean }> {
    const [row] = await relationQuery.run(this.#db, undefined, { viewerId, ownerId });
    return { follows: Boolean(row?.follows), blocked: Boolean(row?.blocked) };
  }

  async follow(followerId: number, followeeId: number, at: string): Promise<void> {
    await this.#db
      .insertInto('follows')
      .values({ followerId, followeeId, createdAt: at })
      .onConflict((oc) => oc.columns(['followerId', 'followeeId']).doNothing())
      .execute();
  }

  /** Whether a new follow of `username` (lower case) was inserted; see `followByUsername`. */
  async followByUsername(followerId: number, username: string, at: string): Promise<boolean> {
    const result = await followByUsername.execute(this.#db, undefined, { followerId, username, at });
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  /** Whether a follow of `username` (lower case) was ended; see `unfollowByUsername`. */
  async unfollowByUsername(followerId: number, username: string): Promise<boolean> {
    const result = await unfollowByUsername.execute(this.#db, undefined, { followerId, username });
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  async unfollow(followerId: number, followeeId: number): Promise<void> {
    await this.#db
      .deleteFrom('follows')
      .where('followerId', '=', followerId)
      .where('followeeId', '=', followeeId)
      .execute();
  }

  /** Whether the block is new (it was not there yet). */
  async block(blockerId: number, blockedId: number, at: string): Promise<boolean> {
    const inserted = await this.#db
      .insertInto('blocks')
      .values({ blockerId, blockedId, createdAt: at })
      .onConflict((oc) => oc.columns(['blockerId', 'blockedId']).doNothing())
      .executeTakeFirst();
    await this.#db
      .deleteFrom('follows')
      .where((eb) =>
        eb.or([
          eb.and([eb('followerId', '=', blockerId), eb('followeeId', '=', blockedId)]),
          eb.and([eb('followerId', '=', blockedId), eb('followeeId', '=', blockerId)]),
        ]),
      )
      .execute();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async unblock(blockerId: number, blockedId: number): Promise<void> {
    await this.#db
      .deleteFrom('blocks')
      .where('blockerId', '=', blockerId)
      .where('blockedId', '=', blockedId)
      .execute();
  }

  /** Readers following `userId` (or followed by, for `following`), newest first, minus blocks with the viewer. */
  async listFollows(
    direction: 'followers' | 'following',
    userId: number,
    viewerId: number | null,
    after: Keyset | null,
    take: number,
  ): Promise<ReaderRow[]> {
    const [own, other] =
      direction === 'followers'
        ? (['follows.followeeId', 'follows.followerId'] as const)
        : (['follows.followerId', 'follows.followeeId'] as const);
    let q = this.#db
      .selectFrom('follows')
      .innerJoin('users', 'users.id', other)
      .select((eb) => [
        'users.id',
        'users.username',
        'users.displayName',
        'users.avatarPath',
        'users.privacy',
        'follows.createdAt as listedAt',
        this.#isFollowing(eb, viewerId),
      ])
      .where(own, '=', userId);
    if (viewerId !== null) q = q.where((eb) => eb.not(blockedEitherWay(viewerId, eb.ref('users.id'))));
    if (after)
      q = q.where((eb) => eb(eb.refTuple('follows.createdAt', other), '<', eb.tuple(after.key, after.id)));
    return q.orderBy('follows.createdAt', 'desc').orderBy(other, 'desc').limit(take).execute();
  }

  /** Readers the blocker has blocked, newest block first. */
  listBlocks(blockerId: number, after: Keyset | null, take: number): Promise<ReaderRow[]> {
    let q = this.#db
      .selectFrom('blocks')
      .innerJoin('users', 'users.id', 'blocks.blockedId')
      .select([
        'users.id',
        'users.username',
        'users.displayName',
        'users.avatarPath',
        'users.privacy',
        'blocks.createdAt as listedAt',
        sql<number>`0`.as('isFollowing'),
      ])
      .where('blocks.blockerId', '=', blockerId);
    if (after)
      q = q.where((eb) =>
        eb(eb.refTuple('blocks.createdAt', 'blocks.blockedId'), '<', eb.tuple(after.key, after.id)),
      );
    return q.orderBy('blocks.createdAt', 'desc').orderBy('blocks.blockedId', 'desc').limit(take).execute();
  }

  /**
   * Readers whose username starts with `q` or whose display name contains it, by username.
   * Private accounts are found only by their exact username.
   */
  search(q: string, viewerId: number | null, after: Keyset | null, take: number): Promise<ReaderRow[]> {
    const lower = q.toLowerCase();
    const escaped = likePattern(lower);
    let query = this.#db
      .selectFrom('users')
      .select((eb) => [
        'users.id',
        'users.username',
        'users.displayName',
        'users.avatarPath',
        'users.privacy',
        'users.username as listedAt',
        this.#isFollowing(eb, viewerId),
      ])
      .where((eb) =>
        eb.or([
          eb('users.username', '=', lower),
          eb.and([
            eb('users.privacy', '!=', 'private'),
            eb.or([
              eb(sql`users.username`, 'like', sql`${`${escaped}%`} escape '\\'`),
              eb(sql`lower(users.display_name)`, 'like', sql`${`%${escaped}%`} escape '\\'`),
            ]),
          ]),
        ]),
      );
    if (viewerId !== null)
      query = query.where((eb) => eb.not(blockedEitherWay(viewerId, eb.ref('users.id'))));
    if (after) query = query.where('users.username', '>', after.key);
    return query.orderBy('users.username').limit(take).execute();
  }

  /**
   * Readers to follow: first those followed by the most of the people the viewer follows (only
   * through followees whose following list the viewer may see, by the privacy rule), then readers
   * with a public account who were active most recently. Never the viewer, nobody they follow, no
   * private account (those are found by their exact username only) and nobody with a block either
   * way.
   */
  async suggestions(viewerId: number, take: number): Promise<SuggestionRow[]> {
    const eligible = (eb: ExpressionBuilder<Database, 'users'>) =>
      eb.and([
        eb('users.id', '!=', viewerId),
        eb('users.privacy', '!=', 'private'),
        eb.not(followsSql(viewerId, eb.ref('users.id'))),
        eb.not(blockedEitherWay(viewerId, eb.ref('users.id'))),
      ]);
    const friendsOfFriends = await this.#db
      .selectFrom(
        this.#db
          .selectFrom('follows')
          .select('follows.followeeId')
          .where('follows.followerId', '=', viewerId)
          .orderBy('follows.createdAt', 'desc')
          .limit(SUGGESTION_FOLLOWEES)
          .as('mine'),
      )
      .innerJoin('users as via', 'via.id', 'mine.followeeId')
      .innerJoin('follows as theirs', 'theirs.followerId', 'via.id')
      .innerJoin('users', 'users.id', 'theirs.followeeId')
      .select([
        'users.id',
        'users.username',
        'users.displayName',
        'users.avatarPath',
        sql<number>`cast(count(*) as integer)`.as('followedBy'),
      ])
      .where(
        accessRankSql(
          viewerId,
          { id: sql.ref('via.id'), privacy: sql.ref('via.privacy') },
          { knownFollower: true },
        ),
        '>=',
        0,
      )
      .where(eligible)
      .groupBy(['users.id', 'users.username', 'users.displayName', 'users.avatarPath'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('users.username')
      .limit(take)
      .execute();
    const found: SuggestionRow[] = friendsOfFriends.map((row) => ({
      ...row,
      followedBy: Number(row.followedBy),
    }));
    if (found.length >= take) return found;
    let recent = this.#db
      .selectFrom('users')
      .select([
        'users.id',
        'users.username',
        'users.displayName',
        'users.avatarPath',
        sql<number>`0`.as('followedBy'),
      ])
      .where('users.privacy', '=', 'public')
      .where('users.lastActivityAt', 'is not', null)
      .where(eligible);
    if (found.length > 0)
      recent = recent.where(
        'users.id',
        'not in',
        found.map((r) => r.id),
      );
    const more = await recent
      .orderBy('users.lastActivityAt', 'desc')
      .orderBy('users.id', 'desc')
      .limit(take - found.length)
      .execute();
    return [...found, ...more.map((row) => ({ ...row, followedBy: 0 }))];
  }

  #isFollowing(eb: ExpressionBuilder<Database, 'users'>, viewerId: number | null) {
    if (viewerId === null) return sql<number>`0`.as('isFollowing');
    return followsSql(viewerId, eb.ref('users.id')).as('isFollowing');
  }
}
