import { isUniqueViolation } from '../../db/errors.ts';
import { ConflictError, UnauthorizedError } from '../../errors.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../lib/passwords.ts';
import { nowIso } from '../../lib/time.ts';
import {
  type MeView,
  type PublicUserView,
  toMe,
  toPublicUser,
  type UserRow,
  type UsersRepository,
} from '../users/index.ts';
import type { SessionRepository } from './session.repository.ts';
import type { IssuedToken, TokenService } from './token.service.ts';

/** Who is calling: the public face of the user (never the password hash) and the session. */
export interface CallerSession {
  user: PublicUserView;
  sessionId: string;
}

export interface SignedIn {
  user: MeView;
  token: IssuedToken;
}

export class AuthService {
  readonly #users: UsersRepository;
  readonly #sessions: SessionRepository;
  readonly #tokens: TokenService;

  constructor(users: UsersRepository, sessions: SessionRepository, tokens: TokenService) {
    this.#users = users;
    this.#sessions = sessions;
    this.#tokens = tokens;
  }

  async register(
    input: { email: string; username: string; password: string; displayName?: string },
    userAgent: string | null,
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
    const now = nowIso();
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
    return { user: toMe(row), token: await this.startSession(row.id, userAgent) };
  }

  async login(login: string, password: string, userAgent: string | null): Promise<SignedIn> {
    const row = await this.#users.findByLogin(login.trim());
    if (!row || row.passwordHash === null) {
      await verifyAgainstDummy(password);
      throw new UnauthorizedError('The login or password is not right.', 'invalid_credentials');
    }
    if (!(await verifyPassword(row.passwordHash, password))) {
      throw new UnauthorizedError('The login or password is not right.', 'invalid_credentials');
    }
    return { user: toMe(row), token: await this.startSession(row.id, userAgent) };
  }

  async startSession(userId: number, userAgent: string | null): Promise<IssuedToken> {
    const token = await this.#tokens.issue(userId);
    await this.#sessions.create({
      id: token.sessionId,
      userId,
      createdAt: nowIso(),
      expiresAt: token.expiresAt,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return token;
  }

  async logout(sessionId: string) {
    await this.#sessions.revoke(sessionId, nowIso());
  }

  /** Resolves a bearer token to its user, or null when it is invalid, expired or revoked. */
  async authenticate(accessToken: string): Promise<CallerSession | null> {
    const verified = await this.#tokens.verify(accessToken);
    if (!verified) return null;
    const user = await this.#sessions.findActiveUser(verified.sessionId, verified.userId, nowIso());
    return user ? { user: toPublicUser(user), sessionId: verified.sessionId } : null;
  }
}
