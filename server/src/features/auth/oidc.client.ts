import * as oidc from 'openid-client';

export interface ProviderProfile {
  subject: string;
  email: string | null;
  /** Only a provider's explicit `email_verified: true` counts. */
  emailVerified: boolean;
  name: string | null;
  preferredUsername: string | null;
}

/** What binds a provider's answer to the browser that asked: kept in a short-lived signed cookie. */
export interface FlowSecrets {
  state: string;
  nonce: string;
  verifier: string;
}

/** A failure of the provider flow, named for the web page that explains it. */
export class OidcFlowError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'OidcFlowError';
    this.code = code;
  }
}

/**
 * The OpenID Connect relying party (openid-client): discovery from the issuer (cached, retried
 * after a failure), the authorization code flow with PKCE S256, state and nonce, and the ID
 * token's checks — issuer, audience, expiry, nonce, and its signature against the issuer's JWKS
 * (non-repudiation checks on, so a token from the token endpoint is verified too); only the
 * issuer's asymmetric algorithm is accepted (`alg: none` and HS* are refused).
 */
export class OidcClient {
  readonly #issuer: URL;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly redirectUri: string;
  #config: Promise<oidc.Configuration> | null = null;

  constructor(options: {
    issuerUrl: string;
    clientId: string;
    clientSecret: string;
    redirectUri: string;
  }) {
    this.#issuer = new URL(options.issuerUrl);
    this.#clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.redirectUri = options.redirectUri;
  }

  #configuration(): Promise<oidc.Configuration> {
    if (!this.#config) {
      // config.ts allows http only for a loopback issuer outside production.
      const insecure = this.#issuer.protocol === 'http:';
      this.#config = oidc
        .discovery(
          this.#issuer,
          this.#clientId,
          { id_token_signed_response_alg: 'RS256' },
          oidc.ClientSecretPost(this.#clientSecret),
          {
            execute: [...(insecure ? [oidc.allowInsecureRequests] : []), oidc.enableNonRepudiationChecks],
            timeout: 10,
          },
        )
        .catch((err: unknown) => {
          this.#config = null;
          throw err;
        });
    }
    return this.#config;
  }

  /** Where to send the browser, and the secrets its cookie must carry back. */
  async start(): Promise<{ url: string; secrets: FlowSecrets }> {
    let config: oidc.Configuration;
    try {
      config = await this.#configuration();
    } catch (err) {
      throw new OidcFlowError(
        'provider_unreachable',
        `The sign-in provider could not be reached: ${String(err)}`,
      );
    }
    const secrets = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(secrets.verifier),
      code_challenge_method: 'S256',
      state: secrets.state,
      nonce: secrets.nonce,
    });
    return { url: url.href, secrets };
  }

  /** Exchanges the code and checks everything; the profile of the provider's account. */
  async finish(callbackUrl: URL, secrets: FlowSecrets): Promise<ProviderProfile> {
    const config = await this.#configuration();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: secrets.verifier,
        expectedState: secrets.state,
        expectedNonce: secrets.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const code =
        err instanceof oidc.ResponseBodyError && err.error === 'invalid_grant'
          ? 'code_rejected'
          : /state/i.test(message)
            ? 'state_mismatch'
            : 'token_rejected';
      throw new OidcFlowError(code, message);
    }
    const claims = tokens.claims();
    if (!claims) throw new OidcFlowError('token_rejected', 'The provider sent no ID token.');
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    return {
      subject: claims.sub,
      email: str(claims.email),
      emailVerified: claims.email_verified === true,
      name: str(claims.name),
      preferredUsername: str(claims.preferred_username),
    };
  }
}
