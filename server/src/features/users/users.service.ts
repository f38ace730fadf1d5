import { fileTypeFromFile } from 'file-type';
import type { Updateable } from 'kysely';
import { isUniqueViolation } from '../../db/errors.ts';
import { type AccessRank, visibilitiesUpTo } from '../../db/privacy.ts';
import type { Privacy, UsersTable } from '../../db/tables/users.table.ts';
import {
  AppError,
  ConflictError,
  NotFoundError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../errors.ts';
import { MAX_IMAGE_PIXELS, processImage } from '../../lib/images.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { nowIso } from '../../lib/time.ts';
import { LocalStorage } from '../../storage/local-storage.ts';
import type { GoalsService } from '../goals/index.ts';
import type { ProfileRepository } from './profile.repository.ts';
import type { PublicUserRow, UserRow, UsersRepository } from './users.repository.ts';
import type { MeView, PublicUserView } from './users.schemas.ts';

export const AVATAR_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
const AVATAR_SIZE = 512;

export function avatarUrl(row: Pick<UserRow, 'avatarPath'>): string | null {
  return row.avatarPath ? `/media/${row.avatarPath}` : null;
}

export function toPublicUser(row: PublicUserRow): PublicUserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    bio: row.bio,
    avatarUrl: avatarUrl(row),
    privacy: row.privacy,
    createdAt: row.createdAt,
  };
}

export function toMe(row: UserRow): MeView {
  return {
    ...toPublicUser(row),
    email: row.email,
    emailVerified: row.emailVerified === 1,
    hasPassword: row.passwordHash !== null,
    googleLinked: row.googleSub !== null,
    updatedAt: row.updatedAt,
  };
}

/** How the users feature ends a reader's other sessions (the auth feature's sessions). */
export interface SessionRevoker {
  revokeAllForUser(userId: number, now: string, keepSessionId?: string): Promise<void>;
  /** When a session began (a password-less account proves itself by a fresh provider sign-in). */
  startedAt(sessionId: string): Promise<string | undefined>;
}

/** How recent a provider sign-in must be to delete an account that has no password. */
const FRESH_SIGN_IN_MS = 10 * 60_000;

/**
 * What other features tell the users feature about a user's data; services.ts passes them in
 * when it builds the users service (features built later hand in theirs, never patch them in).
 */
export interface UserDataHooks {
  /** Storage keys of files the user owns, removed after the account is deleted. */
  fileKeys?: (userId: number) => Promise<string[]>;
}

/** What a profile needs beyond the account table: its one statement, and the goal's progress. */
export interface ProfileSources {
  profiles: Pick<ProfileRepository, 'find'>;
  goals: Pick<GoalsService, 'currentYear' | 'progressAsSeen'>;
}

export class UsersService {
  readonly #users: UsersRepository;
  readonly #sessions: SessionRevoker;
  readonly #storage: LocalStorage;
  readonly #hooks: readonly UserDataHooks[];
  readonly #profiles: ProfileSources;

  constructor(
    users: UsersRepository,
    sessions: SessionRevoker,
    storage: LocalStorage,
    profiles: ProfileSources,
    hooks: readonly UserDataHooks[] = [],
  ) {
    this.#users = users;
    this.#sessions = sessions;
    this.#storage = storage;
    this.#profiles = profiles;
    this.#hooks = hooks;
  }

  async getMe(userId: number) {
    const row = await this.#users.findById(userId);
    if (!row) throw new NotFoundError('User');
    return toMe(row);
  }

  async updateMe(
    userId: number,
    changes: { displayName?: string; bio?: string; username?: string; privacy?: Privacy },
  ) {
    const update: Updateable<UsersTable> = { updatedAt: nowIso() };
    if (changes.displayName !== undefined) {
      const name = changes.displayName.trim();
      if (!name)
        throw new ValidationError('Display name cannot be blank.', { displayName: 'must not be blank' });
      update.displayName = name;
    }
    if (changes.bio !== undefined) update.bio = changes.bio.trim();
    if (changes.privacy !== undefined) update.privacy = changes.privacy;
    if (changes.username !== undefined) {
      const username = changes.username.toLowerCase();
      const existing = await this.#users.findByUsername(username);
      if (existing && existing.id !== userId) {
        throw new ConflictError('That username is taken.', 'username_taken', { username: 'is taken' });
      }
      update.username = username;
    }
    try {
      return toMe(await this.#users.update(userId, update));
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ConflictError('That username is taken.', 'username_taken', { username: 'is taken' });
      }
      throw err;
    }
  }

  async changePassword(userId: number, sessionId: string, currentPassword: string, newPassword: string) {
    const row = await this.#users.findById(userId);
    if (!row) throw new NotFoundError('User');
    // An account made with a provider has no password yet: it may set one (the session proves who it is).
    if (row.passwordHash !== null && !(await verifyPassword(row.passwordHash, currentPassword))) {
      throw new ValidationError('The current password is not right.', { currentPassword: 'is not right' });
    }
    const now = nowIso();
    await this.#users.update(userId, { passwordHash: await hashPassword(newPassword), updatedAt: now });
    await this.#sessions.revokeAllForUser(userId, now, sessionId);
  }

  /** Checks the upload by its content, re-encodes it (dropping metadata) and replaces the old one. */
  async setAvatar(userId: number, tempPath: string) {
    try {
      const type = await fileTypeFromFile(tempPath);
      if (!type || !AVATAR_TYPES.has(type.mime)) {
        throw new UnsupportedMediaTypeError('An avatar must be a JPEG, PNG, WebP or GIF image.');
      }
      let image: Buffer;
      try {
        image = await processImage(tempPath, (img) =>
          img.rotate().resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' }).webp({ quality: 82 }),
        );
      } catch (err) {
        if (err instanceof AppError) throw err;
        if (err instanceof Error && /pixel limit/i.test(err.message)) {
          throw new UnsupportedMediaTypeError(
            `The image is too large: at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`,
          );
        }
        throw new UnsupportedMediaTypeError('The image could not be read. Is the file damaged?');
      }
      const key = `avatars/${LocalStorage.randomName('webp')}`;
      await this.#storage.write(key, image);
      const before = await this.#users.findById(userId);
      let row: UserRow;
      try {
        row = await this.#users.update(userId, { avatarPath: key, updatedAt: nowIso() });
      } catch (err) {
        await this.#storage.remove(key);
        throw err;
      }
      await this.#storage.remove(before?.avatarPath);
      return toMe(row);
    } finally {
      await this.#storage.removeTemp(tempPath);
    }
  }

  async removeAvatar(userId: number) {
    const row = await this.#users.findById(userId);
    if (!row) throw new NotFoundError('User');
    if (row.avatarPath) {
      await this.#users.update(userId, { avatarPath: null, updatedAt: nowIso() });
      await this.#storage.remove(row.avatarPath);
    }
  }

  async deleteAccount(userId: number, sessionId: string, password: string | undefined) {
    const row = await this.#users.findById(userId);
    if (!row) throw new NotFoundError('User');
    if (row.passwordHash === null) {
      const started = await this.#sessions.startedAt(sessionId);
      if (!started || Date.now() - Date.parse(started) > FRESH_SIGN_IN_MS) {
        throw new AppError(
          403,
          'reauthentication_required',
          'To delete an account without a password, sign in with your provider again first (within 10 minutes).',
        );
      }
    } else {
      if (!password)
        throw new ValidationError('Enter your password to delete the account.', { password: 'is required' });
      if (!(await verifyPassword(row.passwordHash, password))) {
        throw new ValidationError('The password is not right.', { password: 'is not right' });
      }
    }
    const fileKeys = [row.avatarPath].filter((k): k is string => k !== null);
    for (const hook of this.#hooks) if (hook.fileKeys) fileKeys.push(...(await hook.fileKeys(userId)));
    // Rows go first (cascading through every table that references the user); files follow,
    // so a failure midway never leaves rows pointing at missing files.
    await this.#users.delete(userId);
    for (const key of fileKeys) await this.#storage.remove(key);
  }

  /**
   * A reader's profile as the viewer may see it (db/privacy.ts): 404 across a block; a
   * restricted profile shows only username, display name and avatar; every count counts only
   * what this viewer may see, and so does the year's goal (null when there is none or the
   * profile is restricted). One statement (profile.repository.ts), and one more for the goal's
   * progress only when the viewer may see a goal.
   */
  async getProfile(username: string, viewerId: number | null) {
    const year = this.#profiles.goals.currentYear();
    const row = await this.#profiles.profiles.find(username.toLowerCase(), viewerId, year);
    // None, or a block either way: the account does not exist for this viewer.
    if (!row || (row.blocked && !row.isOwner)) throw new NotFoundError('User');
    const rank = Number(row.rank) as AccessRank;
    const restricted = rank < 0;
    const byStatus = {
      want_to_read: Number(row.wantToRead),
      currently_reading: Number(row.currentlyReading),
      read: Number(row.read),
      did_not_finish: Number(row.didNotFinish),
    };
    const goal =
      restricted || row.goalTarget === null
        ? null
        : await this.#profiles.goals.progressAsSeen(
            row.id,
            { year, target: row.goalTarget, pagesTarget: row.goalPagesTarget },
            visibilitiesUpTo(rank),
          );
    const user = toPublicUser(row);
    return {
      ...user,
      bio: restricted ? '' : user.bio,
      counts: {
        followers: Number(row.followers),
        following: Number(row.following),
        books: byStatus.want_to_read + byStatus.currently_reading + byStatus.read + byStatus.did_not_finish,
        byStatus,
      },
      isFollowing: Boolean(row.follows),
      isSelf: Boolean(row.isOwner),
      restricted,
      goal,
    };
  }
}
