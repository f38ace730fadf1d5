import { hkdfSync } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { isUniqueViolation } from '../../db/errors.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { verifyPassword } from '../../lib/passwords.ts';
import { actionMail, type Mailer } from '../mail/index.ts';
import { type MeView, toMe, type UsersRepository } from '../users/index.ts';

const LINK_LIFETIME_SECONDS = 7 * 24 * 3600;
const PURPOSE = 'verify-email';

/**
 * Email verification by a signed link (no table): the token names the account and the address
 * it was mailed to, so it verifies that address only and dies with an email change. A new
 * account gets one; an email change mails the new address a link and tells the old one.
 */
export class EmailVerificationService {
  readonly #users: UsersRepository;
  readonly #mailer: Mailer;
  readonly #publicUrl: string;
  readonly #clock: () => Date;
  readonly #key: Uint8Array;

  constructor(deps: {
    users: UsersRepository;
    mailer: Mailer;
    publicUrl: string;
    secretKey: string;
    clock: () => Date;
  }) {
    this.#users = deps.users;
    this.#mailer = deps.mailer;
    this.#publicUrl = deps.publicUrl;
    this.#clock = deps.clock;
    this.#key = new Uint8Array(hkdfSync('sha256', deps.secretKey, 'book-tracker', PURPOSE, 32));
  }

  async #link(userId: number, email: string): Promise<string> {
    const now = Math.floor(this.#clock().getTime() / 1000);
    const token = await new SignJWT({ email: email.toLowerCase() })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(userId))
      .setAudience(PURPOSE)
      .setIssuedAt(now)
      .setExpirationTime(now + LINK_LIFETIME_SECONDS)
      .sign(this.#key);
    return `${this.#publicUrl}/verify-email#token=${token}`;
  }

  /** Mails a verification link to the account's current address (sign-up, resend). */
  async sendLink(userId: number): Promise<void> {
    const user = await this.#users.findById(userId);
    if (!user || user.emailVerified) return;
    this.#mailer.send(
      actionMail({
        to: user.email,
        subject: 'Confirm your email for Book Tracker',
        greeting: `Hello ${user.displayName},`,
        lines: [
          'Please confirm that this address belongs to your Book Tracker account.',
          'The link works for seven days.',
        ],
        action: { label: 'Confirm my email', url: await this.#link(user.id, user.email) },
        footer: 'If you did not create an account, ignore this mail.',
      }),
    );
  }

  /** Marks the address verified when the token is genuine, unexpired and names the current address. */
  async verify(token: string): Promise<MeView> {
    const invalid = () =>
      new ValidationError(
        'This confirmation link is invalid or expired. Ask for a new one from your settings.',
        { token: 'is invalid or expired' },
        'invalid_verification_token',
      );
    let userId: number;
    let email: unknown;
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        audience: PURPOSE,
        currentDate: this.#clock(),
        requiredClaims: ['sub', 'exp'],
      });
      userId = Number(payload.sub);
      email = payload.email;
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) throw invalid();
      throw err;
    }
    const user = Number.isSafeInteger(userId) ? await this.#users.findById(userId) : undefined;
    if (!user || typeof email !== 'string' || user.emailLower !== email) throw invalid();
    if (user.emailVerified) return toMe(user);
    return toMe(
      await this.#users.update(user.id, { emailVerified: 1, updatedAt: this.#clock().toISOString() }),
    );
  }

  /** Changes the address (password required when the account has one); the old address is told. */
  async changeEmail(userId: number, newEmail: string, password: string | undefined): Promise<MeView> {
    const user = await this.#users.findById(userId);
    if (!user) throw new NotFoundError('User');
    if (user.passwordHash !== null) {
      if (!password || !(await verifyPassword(user.passwordHash, password))) {
        throw new ValidationError('The password is not right.', { password: 'is not right' });
      }
    }
    const email = newEmail.trim();
    if (email.toLowerCase() === user.emailLower) return toMe(user);
    const taken = await this.#users.findByEmail(email);
    if (taken)
      throw new ConflictError('That email is already in use.', 'email_taken', {
        email: 'is already registered',
      });
    let updated: Awaited<ReturnType<UsersRepository['update']>>;
    try {
      updated = await this.#users.update(userId, {
        email,
        emailLower: email.toLowerCase(),
        emailVerified: 0,
        updatedAt: this.#clock().toISOString(),
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new ConflictError('That email is already in use.', 'email_taken', {
          email: 'is already registered',
        });
      throw err;
    }
    this.#mailer.send(
      actionMail({
        to: user.email,
        subject: 'Your Book Tracker email was changed',
        greeting: `Hello ${user.displayName},`,
        lines: [
          `The email of your Book Tracker account @${user.username} was changed to ${email}.`,
          'If you did not do this, reset your password right away and check your account settings.',
        ],
        action: { label: 'Reset my password', url: `${this.#publicUrl}/forgot-password` },
      }),
    );
    await this.sendLink(userId);
    return toMe(updated);
  }
}
