import type { Static } from 'typebox';
import { canSeeProfileDetails, type Relation } from '../../db/privacy.ts';
import type { Privacy } from '../../db/tables/users.table.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { decodeKeyset, keysetPage } from '../../lib/keyset-cursor.ts';
import { nowIso } from '../../lib/time.ts';
import { avatarUrl, type UserRow, type UsersRepository } from '../users/index.ts';
import type { ReaderRow, SocialRepository } from './social.repository.ts';
import type { ReaderSummary } from './social.schemas.ts';

type ReaderSummaryView = Static<typeof ReaderSummary>;
interface ListInput {
  limit?: number;
  cursor?: string;
}

function toReader(row: ReaderRow): ReaderSummaryView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    avatarUrl: avatarUrl(row),
    isFollowing: Boolean(row.isFollowing),
  };
}

/** A reader another reader asked about, with how the viewer stands to them. */
export interface ViewedOwner {
  id: number;
  privacy: Privacy;
  relation: Relation | null;
}

/** Follows, blocks, reader search, and the relation every privacy check starts from. */
export class SocialService {
  readonly #repo: SocialRepository;
  readonly #users: UsersRepository;

  constructor(repo: SocialRepository, users: UsersRepository) {
    this.#repo = repo;
    this.#users = users;
  }

  /** How `viewerId` (null when signed out) stands to `ownerId`: the input of the privacy rule. */
  async relation(viewerId: number | null, ownerId: number): Promise<Relation | null> {
    if (viewerId === null) return null;
    if (viewerId === ownerId) return { isOwner: true, follows: false, blocked: false };
    return { isOwner: false, ...(await this.#repo.relation(viewerId, ownerId)) };
  }

  /**
   * The reader named `username` as `viewerId` sees them; 404 when there is none or a block
   * stands between them (a blocked reader cannot tell a block from a missing account).
   */
  async viewOwner(username: string, viewerId: number | null): Promise<ViewedOwner & { row: UserRow }> {
    const row = await this.#users.findByUsername(username);
    if (!row) throw new NotFoundError('User');
    const relation = await this.relation(viewerId, row.id);
    if (relation?.blocked) throw new NotFoundError('User');
    return { id: row.id, privacy: row.privacy, relation, row };
  }

  /** Follows the reader; true when the follow is new (false: it was already there). */
  async follow(viewerId: number, username: string): Promise<boolean> {
    // One statement does it when it can; nothing inserted means unknown, oneself, blocked or
    // already following, which the checks below tell apart.
    if (await this.#repo.followByUsername(viewerId, username.toLowerCase(), nowIso())) return true;
    const owner = await this.#target(viewerId, username, 'follow');
    if (owner.relation?.follows) return false;
    await this.#repo.follow(viewerId, owner.id, nowIso());
    return true;
  }

  async unfollow(viewerId: number, username: string): Promise<void> {
    // One statement does it when there is a follow to end; otherwise the checks below say why
    // (unknown, oneself, blocked: an error) or that there was none (nothing to do).
    if (await this.#repo.unfollowByUsername(viewerId, username.toLowerCase())) return;
    const owner = await this.#target(viewerId, username, 'unfollow');
    await this.#repo.unfollow(viewerId, owner.id);
  }

  /** Blocks a reader and ends follows both ways, in one transaction; true when the block is new. */
  async block(viewerId: number, username: string): Promise<boolean> {
    const row = await this.#users.findByUsername(username);
    if (!row) throw new NotFoundError('User');
    if (row.id === viewerId) {
      throw new ValidationError('You cannot block yourself.', { username: 'is your own' });
    }
    // Blocking someone who blocked you first is allowed and answers alike, so it reveals nothing.
    return this.#repo.transaction((repo) => repo.block(viewerId, row.id, nowIso()));
  }

  async unblock(viewerId: number, username: string): Promise<void> {
    const row = await this.#users.findByUsername(username);
    if (!row) throw new NotFoundError('User');
    if (row.id === viewerId) {
      throw new ValidationError('You cannot unblock yourself.', { username: 'is your own' });
    }
    await this.#repo.unblock(viewerId, row.id);
  }

  async blocks(viewerId: number, query: ListInput) {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeKeyset('blocks', query.cursor) : null;
    const rows = await this.#repo.listBlocks(viewerId, after, limit + 1);
    const page = keysetPage(rows, limit, 'blocks', (r) => ({ key: r.listedAt, id: r.id }));
    return { items: page.items.map(toReader), nextCursor: page.nextCursor };
  }

  /** A reader's followers or the readers they follow; only for whoever may see their profile's details. */
  async follows(
    direction: 'followers' | 'following',
    username: string,
    viewerId: number | null,
    query: ListInput,
  ) {
    const owner = await this.viewOwner(username, viewerId);
    if (!canSeeProfileDetails(owner.relation, owner.privacy)) throw new NotFoundError('User');
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeKeyset(direction, query.cursor) : null;
    const rows = await this.#repo.listFollows(direction, owner.id, viewerId, after, limit + 1);
    const page = keysetPage(rows, limit, direction, (r) => ({ key: r.listedAt, id: r.id }));
    return { items: page.items.map(toReader), nextCursor: page.nextCursor };
  }

  async search(q: string, viewerId: number | null, query: ListInput) {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeKeyset('readers', query.cursor) : null;
    const text = q.trim();
    if (!text) throw new ValidationError('Type part of a name to search for.', { q: 'must not be blank' });
    const rows = await this.#repo.search(text, viewerId, after, limit + 1);
    const page = keysetPage(rows, limit, 'readers', (r) => ({ key: r.username, id: r.id }));
    return { items: page.items.map(toReader), nextCursor: page.nextCursor };
  }

  /** Readers the viewer may want to follow (see SocialRepository.suggestions). */
  async suggestions(viewerId: number, query: { limit?: number }) {
    const rows = await this.#repo.suggestions(viewerId, query.limit ?? 10);
    return {
      items: rows.map((row) => ({
        id: row.id,
        username: row.username,
        displayName: row.displayName,
        avatarUrl: avatarUrl(row),
        isFollowing: false,
        followedBy: row.followedBy,
      })),
    };
  }

  async #target(viewerId: number, username: string, verb: 'follow' | 'unfollow'): Promise<ViewedOwner> {
    const row = await this.#users.findByUsername(username);
    if (!row) throw new NotFoundError('User');
    if (row.id === viewerId) {
      throw new ValidationError(`You cannot ${verb} yourself.`, { username: 'is your own' });
    }
    const relation = await this.relation(viewerId, row.id);
    if (relation?.blocked) throw new NotFoundError('User');
    return { id: row.id, privacy: row.privacy, relation };
  }
}
