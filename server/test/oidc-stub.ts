import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface StubUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
}

/** How the next ID token is spoiled, to see the relying party refuse it. */
export interface Tamper {
  audience?: string;
  expired?: boolean;
  algNone?: boolean;
  hs256?: string;
  nonce?: string;
  otherKey?: boolean;
}

/**
 * A small OpenID Connect provider on 127.0.0.1 speaking the real protocol: discovery, JWKS, an
 * authorization endpoint that signs in `user` at once (no login page), and a token endpoint that
 * checks the client, the redirect URI, PKCE S256 and single use of each code before it returns
 * an RS256 ID token. `tamper` spoils the next ID token in one way.
 */
export async function startOidcStub(options: {
  clientId: string;
  clientSecret: string;
  port?: number;
  /** Show a login page at the authorization endpoint instead of signing `user` in at once. */
  loginPage?: boolean;
}) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'stub-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<
    string,
    { redirectUri: string; nonce: string | null; challenge: string; user: StubUser; used: boolean }
  >();
  const state: { user: StubUser; tamper: Tamper } = { user: { sub: 'stub-1' }, tamper: {} };
  let issuer = '';

  const body = (req: IncomingMessage) =>
    new Promise<URLSearchParams>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => {
        data += c.toString();
      });
      req.on('end', () => resolve(new URLSearchParams(data)));
    });

  async function idToken(entry: { nonce: string | null; user: StubUser }) {
    const tamper = state.tamper;
    state.tamper = {};
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      ...entry.user,
      ...(entry.nonce || tamper.nonce ? { nonce: tamper.nonce ?? entry.nonce } : {}),
    };
    const iat = tamper.expired ? now - 7200 : now;
    const exp = tamper.expired ? now - 3600 : now + 600;
    const aud = tamper.audience ?? options.clientId;
    if (tamper.algNone) {
      return new UnsecuredJWT(claims)
        .setIssuer(issuer)
        .setAudience(aud)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .encode();
    }
    const jwt = new SignJWT(claims)
      .setIssuer(issuer)
      .setAudience(aud)
      .setIssuedAt(iat)
      .setExpirationTime(exp);
    if (tamper.hs256)
      return jwt.setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(tamper.hs256));
    return jwt
      .setProtectedHeader({ alg: 'RS256', kid: 'stub-key' })
      .sign(tamper.otherKey ? other.privateKey : privateKey);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize' && options.loginPage && !url.searchParams.has('_done')) {
      const hidden = [...url.searchParams]
        .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><html lang="en"><head><title>Stub provider</title><link rel="icon" href="data:,"></head><body><main><h1>Stub provider sign-in</h1>` +
          `<form method="post" action="/login">${hidden}<label>Email <input name="email" type="email"></label> ` +
          `<label>Name <input name="name"></label> <button type="submit">Continue</button></form></main></body></html>`,
      );
    }
    if (url.pathname === '/login' && req.method === 'POST') {
      void body(req).then((form) => {
        const email = form.get('email') ?? '';
        state.user = {
          sub: `sub-${email}`,
          email,
          email_verified: true,
          name: form.get('name') ?? '',
          preferred_username: email.split('@')[0] ?? '',
        };
        res.writeHead(303, {
          location: `/authorize?${new URLSearchParams([...form].filter(([k]) => k !== 'email' && k !== 'name')).toString()}&_done=1`,
        });
        res.end();
      });
      return;
    }
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      const redirect = new URL(p.get('redirect_uri') ?? '');
      if (p.get('client_id') !== options.clientId || p.get('code_challenge_method') !== 'S256') {
        redirect.searchParams.set('error', 'invalid_request');
      } else {
        const code = randomBytes(16).toString('hex');
        codes.set(code, {
          redirectUri: redirect.href,
          nonce: p.get('nonce'),
          challenge: p.get('code_challenge') ?? '',
          user: state.user,
          used: false,
        });
        redirect.searchParams.set('code', code);
      }
      redirect.searchParams.set('state', p.get('state') ?? '');
      res.writeHead(302, { location: redirect.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      void body(req).then(async (form) => {
        const entry = codes.get(form.get('code') ?? '');
        if (
          form.get('client_id') !== options.clientId ||
          form.get('client_secret') !== options.clientSecret
        ) {
          return json(401, { error: 'invalid_client' });
        }
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (
          !entry ||
          entry.used ||
          entry.redirectUri !== form.get('redirect_uri') ||
          entry.challenge !== challenge
        ) {
          return json(400, { error: 'invalid_grant' });
        }
        entry.used = true;
        return json(200, {
          access_token: randomBytes(16).toString('hex'),
          token_type: 'Bearer',
          expires_in: 600,
          id_token: await idToken(entry),
        });
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get issuer() {
      return issuer;
    },
    signInAs(user: StubUser) {
      state.user = user;
    },
    tamperNext(tamper: Tamper) {
      state.tamper = tamper;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
