import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export const TOKEN_ISSUER = 'book-tracker';
export const TOKEN_AUDIENCE = 'book-tracker-api';

const VERIFIED_CACHE_SIZE = 10_000;

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  sessionId: string;
}

export interface VerifiedToken {
  userId: number;
  sessionId: string;
}

function deriveKey(secret: string, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'book-tracker', purpose, 32));
}

/** Signs and checks access tokens: HS256 only, with expiry, issuer and audience checked. */
export class TokenService {
  readonly #jwtKey: Uint8Array;
  readonly #csrfKey: Uint8Array;
  readonly #lifetimeMs: number;
  readonly #verified = new Map<string, VerifiedToken & { expiresAtMs: number }>();

  constructor(secretKey: string, expireMinutes: number) {
    this.#jwtKey = deriveKey(secretKey, 'jwt');
    this.#csrfKey = deriveKey(secretKey, 'csrf');
    this.#lifetimeMs = expireMinutes * 60_000;
  }

  async issue(userId: number): Promise<IssuedToken> {
    const sessionId = randomUUID();
    const expires = new Date(Date.now() + this.#lifetimeMs);
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(userId))
      .setJti(sessionId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expires.getTime() / 1000))
      .sign(this.#jwtKey);
    return { accessToken, tokenType: 'Bearer', expiresAt: expires.toISOString(), sessionId };
  }

  /** Returns null for anything that is not a valid, unexpired token of ours. */
  async verify(token: string): Promise<VerifiedToken | null> {
    // A signature check gives the same answer every time, so a recent success is remembered
    // (expiry is still checked on every use; revocation is the session row's job).
    const known = this.#verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return { userId: known.userId, sessionId: known.sessionId };
    const fresh = await this.#verifySignature(token);
    if (fresh) {
      if (this.#verified.size >= VERIFIED_CACHE_SIZE) {
        const oldest = this.#verified.keys().next().value;
        if (oldest !== undefined) this.#verified.delete(oldest);
      }
      this.#verified.set(token, fresh);
      return { userId: fresh.userId, sessionId: fresh.sessionId };
    }
    return null;
  }

  async #verifySignature(token: string): Promise<(VerifiedToken & { expiresAtMs: number }) | null> {
    try {
      const { payload } = await jwtVerify(token, this.#jwtKey, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'jti', 'exp'],
      });
      const userId = Number(payload.sub);
      if (!Number.isSafeInteger(userId) || typeof payload.jti !== 'string') return null;
      return { userId, sessionId: payload.jti, expiresAtMs: (payload.exp ?? 0) * 1000 };
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) return null;
      throw err;
    }
  }

  /** The CSRF token for a cookie session: bound to that session, so it can't be replayed on another. */
  csrfTokenFor(sessionId: string): string {
    return createHmac('sha256', this.#csrfKey).update(sessionId).digest('base64url');
  }

  csrfTokenMatches(sessionId: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const expected = Buffer.from(this.csrfTokenFor(sessionId));
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
