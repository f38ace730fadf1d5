import { isUniqueViolation } from '../../db/errors.ts';
import { ConflictError, NotFoundError, UnauthorizedError } from '../../errors.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../lib/passwords.ts';
import {
  type MeView,
  type PublicUserView,
  toMe,
  toPublicUser,
  type UserRow,
  type UsersRepository,
} from '../users/index.ts';
import type { SessionRepository } from './session.repository.ts';
import type { DeviceTokens, SignInThrottle, ThrottleKey } from './sign-in-throttle.ts';
import type { IssuedToken, TokenService } from './token.service.ts';

const TOUCH_INTERVAL_MS = 60_000;
const TOUCH_CACHE_SIZE = 10_000;

/** Who is calling: the public face of the user (never the password hash) and the session. */
export interface CallerSession {
  user: PublicUserView;
  sessionId: string;
}

/** Where a sign-in comes from, kept with its session (shown in the reader's session list). */
export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
  /** The device cookie this browser got at an earlier sign-in (see DeviceTokens). */
  deviceToken?: string | null;
}

export interface SignedIn {
  user: MeView;
  token: IssuedToken;
}

export class AuthService {
  readonly #users: UsersRepository;
  readonly #sessions: SessionRepository;
  readonly #tokens: TokenService;
  readonly #clock: () => Date;
  /** When this process last wrote each session's `lastUsedAt`. */
  readonly #touched = new Map<string, number>();

  readonly #throttle: SignInThrottle;
  readonly #devices: DeviceTokens;

  constructor(deps: {
    users: UsersRepository;
    sessions: SessionRepository;
    tokens: TokenService;
    throttle: SignInThrottle;
    devices: DeviceTokens;
    clock: () => Date;
  }) {
    this.#users = deps.users;
    this.#sessions = deps.sessions;
    this.#tokens = deps.tokens;
    this.#throttle = deps.throttle;
    this.#devices = deps.devices;
    this.#clock = deps.clock;
  }

  /** A device cookie for a browser that just signed in to this account. */
  deviceTokenFor(userId: number): string {
    return this.#devices.issue(userId);
  }

  #now(): string {
    return this.#clock().toISOString();
  }

  async register(
    input: { email: string; username: string; password: string; displayName?: string },
    client: ClientInfo,
  ): Promise<SignedIn> {
    const email = input.email.trim();
    const username = input.username.toLowerCase();
    const details: Record<string, string> = {};
    if (await this.#users.findByEmail(email)) details.email = 'is already registered';
    if (await this.#users.findByUsername(username)) details.username = 'is taken';
    if (Object.keys(details).length > 0) {
      throw new ConflictError('That email or username is already in use.', 'account_exists', details);
    }
    const passwordHash = await hashPassword(input.password);
    const now = this.#now();
    let row: UserRow;
    try {
      row = await this.#users.insert({
        email,
        emailLower: email.toLowerCase(),
        username,
        displayName: input.displayName?.trim() || username,
        bio: '',
        avatarPath: null,
        privacy: 'public',
        passwordHash,
        googleSub: null,
        emailVerified: 0,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      // Two sign-ups raced past the checks above; the unique indexes decide.
      if (isUniqueViolation(err))
        throw new ConflictError('That email or username is already in use.', 'account_exists');
      throw err;
    }
    return { user: toMe(row), token: await this.startSession(row.id, client) };
  }

  /**
   * Password sign-in, throttled on failures: per account (whatever login names it) and per
   * address, or — from a browser that signed in to this account before — per that device only,
   * so an attack from elsewhere slows the account without locking its owner out. A slowed
   * attempt is refused before any password is checked.
   */
  async login(login: string, password: string, client: ClientInfo): Promise<SignedIn> {
    const row = await this.#users.findByLogin(login.trim());
    const device = this.#devices.verify(client.deviceToken);
    const keys: ThrottleKey[] =
      row && device?.userId === row.id
        ? [{ policy: 'device', id: device.deviceId }]
        : [
            { policy: 'ip', id: client.ip ?? 'unknown' },
            { policy: 'account', id: row ? `id:${row.id}` : `name:${login.trim().toLowerCase()}` },
          ];
    await this.#throttle.check(keys);
    if (!row || row.passwordHash === null) {
      await verifyAgainstDummy(password);
      await this.#throttle.fail(keys);
      throw new UnauthorizedError('The login or password is not right.', 'invalid_credentials');
    }
    if (!(await verifyPassword(row.passwordHash, password))) {
      await this.#throttle.fail(keys);
      throw new UnauthorizedError('The login or password is not right.', 'invalid_credentials');
    }
    // The address keeps its count: one's own successful sign-in must not wipe the failures of
    // guesses at other accounts from the same place.
    await this.#throttle.clear(keys.filter((k) => k.policy !== 'ip'));
    return { user: toMe(row), token: await this.startSession(row.id, client) };
  }

  async startSession(userId: number, client: ClientInfo): Promise<IssuedToken> {
    const token = await this.#tokens.issue(userId);
    const now = this.#now();
    await this.#sessions.create({
      id: token.sessionId,
      userId,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: token.expiresAt,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      ip: client.ip?.slice(0, 64) ?? null,
    });
    return token;
  }

  /** A new session for a user known to exist (after a reset, a provider sign-in). */
  async startSignedIn(userId: number, client: ClientInfo): Promise<SignedIn> {
    const row = await this.#users.findById(userId);
    if (!row) throw new NotFoundError('User');
    return { user: toMe(row), token: await this.startSession(userId, client) };
  }

  async logout(sessionId: string) {
    await this.#sessions.revoke(sessionId, this.#now());
  }

  /**
   * Resolves a bearer token to its user, or null when it is invalid, expired or revoked. Notes
   * when and from where the session was used, at most once a minute per session and process.
   */
  async authenticate(accessToken: string, ip: string | null = null): Promise<CallerSession | null> {
    const verified = await this.#tokens.verify(accessToken);
    if (!verified) return null;
    const now = this.#clock();
    const user = await this.#sessions.findActiveUser(verified.sessionId, verified.userId, now.toISOString());
    if (!user) return null;
    const last = this.#touched.get(verified.sessionId);
    if (last === undefined || now.getTime() - last >= TOUCH_INTERVAL_MS) {
      if (this.#touched.size >= TOUCH_CACHE_SIZE) this.#touched.clear();
      this.#touched.set(verified.sessionId, now.getTime());
      await this.#sessions.touch(verified.sessionId, now.toISOString(), ip);
    }
    return { user: toPublicUser(user), sessionId: verified.sessionId };
  }
}
