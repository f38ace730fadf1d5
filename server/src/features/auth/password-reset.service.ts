import { createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '../../errors.ts';
import { hashPassword } from '../../lib/passwords.ts';
import type { Mailer } from '../mail/index.ts';
import { actionMail } from '../mail/index.ts';
import type { UsersRepository } from '../users/index.ts';
import type { ClientInfo, SignedIn } from './auth.service.ts';
import type { PasswordResetRepository } from './password-reset.repository.ts';

export const RESET_TOKEN_LIFETIME_MS = 60 * 60_000;

export function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

interface SessionControl {
  revokeAllForUser(userId: number, now: string): Promise<void>;
}

interface SessionStarter {
  startSignedIn(userId: number, client: ClientInfo): Promise<SignedIn>;
}

type Log = { error(obj: object, msg: string): void };

/**
 * "Forgot password": a random token mailed as a link, kept only as its SHA-256, valid one hour,
 * used once. A newer request replaces the older token; a successful reset removes it and ends
 * every session of the account.
 */
export class PasswordResetService {
  readonly #users: UsersRepository;
  readonly #tokens: PasswordResetRepository;
  readonly #sessions: SessionControl;
  readonly #signIn: SessionStarter;
  readonly #mailer: Mailer;
  readonly #publicUrl: string;
  readonly #clock: () => Date;
  readonly #log: Log;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(deps: {
    users: UsersRepository;
    tokens: PasswordResetRepository;
    sessions: SessionControl;
    signIn: SessionStarter;
    mailer: Mailer;
    publicUrl: string;
    clock: () => Date;
    log: Log;
  }) {
    this.#users = deps.users;
    this.#tokens = deps.tokens;
    this.#sessions = deps.sessions;
    this.#signIn = deps.signIn;
    this.#mailer = deps.mailer;
    this.#publicUrl = deps.publicUrl;
    this.#clock = deps.clock;
    this.#log = deps.log;
  }

  /**
   * Starts the work and returns at once: the answer is the same, in the same time, whether the
   * address has an account or not (the lookup, the token and the mail all happen afterwards).
   */
  request(email: string): void {
    const work = this.#issue(email.trim()).catch((err: unknown) => {
      this.#log.error(
        { err: err instanceof Error ? err.message : String(err) },
        'password reset request failed',
      );
    });
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  /** Resolves once every request started so far has stored its token and handed its mail over. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #issue(email: string) {
    const user = await this.#users.findByEmail(email);
    if (!user) return;
    const token = randomBytes(32).toString('base64url');
    const now = this.#clock();
    await this.#tokens.replace({
      tokenHash: hashResetToken(token),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + RESET_TOKEN_LIFETIME_MS).toISOString(),
    });
    // The token rides in the fragment, which browsers never send to a server nor put in a Referer.
    const url = `${this.#publicUrl}/reset-password#token=${token}`;
    this.#mailer.send(
      actionMail({
        to: user.email,
        subject: 'Reset your Book Tracker password',
        greeting: `Hello ${user.displayName},`,
        lines: [
          'Someone (hopefully you) asked to reset the password of your Book Tracker account.',
          'The link works once, for one hour. Setting a new password signs you out everywhere.',
        ],
        action: { label: 'Choose a new password', url },
        footer: 'If you did not ask for this, ignore this mail: your password stays as it is.',
      }),
    );
  }

  /** Sets the new password, ends every session of the account and signs in on this device. */
  async confirm(token: string, password: string, client: ClientInfo): Promise<SignedIn> {
    const now = this.#clock().toISOString();
    const userId = await this.#tokens.consume(hashResetToken(token), now);
    if (userId === undefined) {
      throw new ValidationError(
        'This reset link is invalid, used or expired. Ask for a new one.',
        { token: 'is invalid or expired' },
        'invalid_reset_token',
      );
    }
    const passwordHash = await hashPassword(password);
    await this.#users.update(userId, { passwordHash, updatedAt: now });
    await this.#tokens.deleteForUser(userId);
    await this.#sessions.revokeAllForUser(userId, now);
    return this.#signIn.startSignedIn(userId, client);
  }
}
