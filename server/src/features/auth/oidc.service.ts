import { hkdfSync } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { isUniqueViolation } from '../../db/errors.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { UserRow, UsersRepository } from '../users/index.ts';
import type { AuthService, ClientInfo, SignedIn } from './auth.service.ts';
import type { IdentitiesRepository } from './identities.repository.ts';
import { type FlowSecrets, OidcClient, OidcFlowError, type ProviderProfile } from './oidc.client.ts';

export type OidcMode = 'signin' | 'link';

/** The flow cookie's content: the secrets, what the flow is for, and for a link, whose. */
export interface Flow extends FlowSecrets {
  mode: OidcMode;
  userId: number | null;
}

const FLOW_LIFETIME_SECONDS = 10 * 60;
const SIGNUP_LIFETIME_SECONDS = 15 * 60;

export type SignInOutcome =
  | { kind: 'signed-in'; signedIn: SignedIn }
  | { kind: 'linked' }
  | { kind: 'signup'; pending: string };

/**
 * Sign-in with the configured OpenID Connect provider, and the rules that keep it safe:
 * - an identity (provider, subject) belongs to one account; a known one signs that account in;
 * - linking happens from the account's settings while signed in, or automatically only when
 *   the provider says the email is verified AND the local account's email is verified too
 *   (otherwise an attacker who registered the victim's address first, or a provider account with
 *   an unverified address, could take the other side over);
 * - a new account gets a username chosen by the reader (prefilled from the profile);
 * - the last way to sign in cannot be unlinked.
 */
export class OidcService {
  readonly client: OidcClient | null;
  readonly #provider: string;
  readonly #users: UsersRepository;
  readonly #identities: IdentitiesRepository;
  readonly #auth: AuthService;
  readonly #clock: () => Date;
  readonly #key: Uint8Array;

  constructor(deps: {
    config: { clientId: string; clientSecret: string; issuerUrl: string } | null;
    publicUrl: string;
    users: UsersRepository;
    identities: IdentitiesRepository;
    auth: AuthService;
    secretKey: string;
    clock: () => Date;
  }) {
    this.client = deps.config
      ? new OidcClient({ ...deps.config, redirectUri: `${deps.publicUrl}/api/auth/google/callback` })
      : null;
    this.#provider = deps.config?.issuerUrl ?? 'none';
    this.#users = deps.users;
    this.#identities = deps.identities;
    this.#auth = deps.auth;
    this.#clock = deps.clock;
    this.#key = new Uint8Array(hkdfSync('sha256', deps.secretKey, 'book-tracker', 'oidc-flow', 32));
  }

  #seconds(): number {
    return Math.floor(this.#clock().getTime() / 1000);
  }

  async #seal(purpose: string, payload: Record<string, unknown>, lifetime: number): Promise<string> {
    const now = this.#seconds();
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(purpose)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetime)
      .sign(this.#key);
  }

  async #open(purpose: string, token: string | null | undefined): Promise<Record<string, unknown> | null> {
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        audience: purpose,
        currentDate: this.#clock(),
      });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) return null;
      throw err;
    }
  }

  /** Starts a flow: the provider's URL and the sealed cookie that binds it to this browser. */
  async start(mode: OidcMode, userId: number | null): Promise<{ url: string; cookie: string }> {
    if (!this.client)
      throw new OidcFlowError('not_configured', 'Sign-in with a provider is not set up here.');
    const { url, secrets } = await this.client.start();
    const flow: Flow = { ...secrets, mode, userId };
    return { url, cookie: await this.#seal('oidc-flow', { ...flow }, FLOW_LIFETIME_SECONDS) };
  }

  /** Ends a flow at the callback: checks the provider's answer, then signs in, links, or asks for a username. */
  async finish(
    callbackUrl: URL,
    flowCookie: string | null | undefined,
    client: ClientInfo,
    currentUserId: number | null,
  ): Promise<SignInOutcome> {
    if (!this.client)
      throw new OidcFlowError('not_configured', 'Sign-in with a provider is not set up here.');
    const error = callbackUrl.searchParams.get('error');
    if (error) {
      throw new OidcFlowError(
        error === 'access_denied' ? 'access_denied' : 'provider_error',
        callbackUrl.searchParams.get('error_description') ?? error,
      );
    }
    const flow = (await this.#open('oidc-flow', flowCookie)) as Partial<Flow> | null;
    if (
      !flow ||
      typeof flow.state !== 'string' ||
      typeof flow.nonce !== 'string' ||
      typeof flow.verifier !== 'string'
    ) {
      throw new OidcFlowError('flow_expired', 'The sign-in took too long or started in another browser.');
    }
    if (callbackUrl.searchParams.get('state') !== flow.state) {
      throw new OidcFlowError(
        'state_mismatch',
        'The answer does not belong to the sign-in this browser started.',
      );
    }
    const profile = await this.client.finish(callbackUrl, {
      state: flow.state,
      nonce: flow.nonce,
      verifier: flow.verifier,
    });
    if (flow.mode === 'link') {
      if (typeof flow.userId !== 'number' || flow.userId !== currentUserId) {
        throw new OidcFlowError('not_signed_in', 'Sign in first, then link the provider from your settings.');
      }
      await this.#link(flow.userId, profile);
      return { kind: 'linked' };
    }
    return this.#signIn(profile, client);
  }

  async #signIn(profile: ProviderProfile, client: ClientInfo): Promise<SignInOutcome> {
    const known = await this.#identities.find(this.#provider, profile.subject);
    if (known) return { kind: 'signed-in', signedIn: await this.#auth.startSignedIn(known.userId, client) };
    if (!profile.email) {
      throw new OidcFlowError('email_required', 'The provider did not share an email address.');
    }
    const local = await this.#users.findByEmail(profile.email);
    if (local) {
      // Only two verified addresses may be joined without the account's owner signing in.
      if (profile.emailVerified && local.emailVerified === 1) {
        await this.#link(local.id, profile);
        return { kind: 'signed-in', signedIn: await this.#auth.startSignedIn(local.id, client) };
      }
      throw new OidcFlowError(
        'link_from_settings',
        'An account with this email already exists. Sign in with its password, then link the provider from Settings.',
      );
    }
    const pending = await this.#seal('oidc-signup', { ...profile }, SIGNUP_LIFETIME_SECONDS);
    return { kind: 'signup', pending };
  }

  async #link(userId: number, profile: ProviderProfile) {
    const existing = await this.#identities.find(this.#provider, profile.subject);
    if (existing) {
      if (existing.userId === userId) return;
      throw new OidcFlowError(
        'identity_in_use',
        'That provider account is already linked to another Book Tracker account.',
      );
    }
    try {
      await this.#identities.insert({
        userId,
        provider: this.#provider,
        subject: profile.subject,
        email: profile.email,
        createdAt: this.#clock().toISOString(),
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new OidcFlowError(
          'identity_in_use',
          'That provider account is already linked to another account.',
        );
      }
      throw err;
    }
    // `googleLinked` on the user reads this column.
    await this.#users.update(userId, {
      googleSub: `${profile.subject}`,
      updatedAt: this.#clock().toISOString(),
    });
  }

  /** What the username step shows: from the pending sign-up cookie, or null when there is none. */
  async pendingSignup(pending: string | null | undefined) {
    const profile = (await this.#open('oidc-signup', pending)) as Partial<ProviderProfile> | null;
    if (!profile || typeof profile.subject !== 'string' || typeof profile.email !== 'string') return null;
    return {
      email: profile.email,
      displayName: profile.name ?? '',
      suggestedUsername: suggestUsername(profile.preferredUsername ?? profile.email.split('@')[0] ?? ''),
      profile: profile as ProviderProfile,
    };
  }

  /** Creates the account of a first provider sign-in with the username the reader chose. */
  async completeSignup(
    pending: string | null | undefined,
    username: string,
    client: ClientInfo,
  ): Promise<SignedIn> {
    const found = await this.pendingSignup(pending);
    if (!found) throw new NotFoundError('Pending sign-up', 'signup_expired');
    const { profile } = found;
    if (await this.#identities.find(this.#provider, profile.subject)) {
      throw new ConflictError('This provider account already has a Book Tracker account.', 'identity_in_use');
    }
    const now = this.#clock().toISOString();
    let row: UserRow;
    try {
      row = await this.#users.insert({
        email: profile.email ?? '',
        emailLower: (profile.email ?? '').toLowerCase(),
        username: username.toLowerCase(),
        displayName: profile.name?.slice(0, 80) || username.toLowerCase(),
        bio: '',
        avatarPath: null,
        privacy: 'public',
        passwordHash: null,
        googleSub: null,
        emailVerified: profile.emailVerified ? 1 : 0,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ConflictError('That username or email is already in use.', 'account_exists', {
          username: 'is taken',
        });
      }
      throw err;
    }
    await this.#link(row.id, profile);
    return this.#auth.startSignedIn(row.id, client);
  }

  async listIdentities(userId: number) {
    const rows = await this.#identities.listForUser(userId);
    return rows.map((r) => ({ id: r.id, provider: r.provider, email: r.email, createdAt: r.createdAt }));
  }

  /** Unlinks one identity, unless it is the account's last way to sign in. */
  async unlink(userId: number, identityId: number) {
    const [user, identities] = await Promise.all([
      this.#users.findById(userId),
      this.#identities.listForUser(userId),
    ]);
    if (!user || !identities.some((i) => i.id === identityId)) throw new NotFoundError('Sign-in method');
    if (user.passwordHash === null && identities.length === 1) {
      throw new ConflictError(
        'This is your only way to sign in. Set a password first, then unlink.',
        'last_sign_in_method',
      );
    }
    await this.#identities.delete(userId, identityId);
    if (identities.length === 1) {
      await this.#users.update(userId, { googleSub: null, updatedAt: this.#clock().toISOString() });
    }
  }
}

function suggestUsername(raw: string): string {
  const cleaned = raw
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 30);
  return cleaned.length >= 3 ? cleaned : `${cleaned}_reader`.replace(/^_/, '').slice(0, 30);
}
