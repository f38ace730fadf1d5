import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, injectAs, registerUser } from '../../../test/helpers.ts';
import { startSmtpServer } from '../../../test/smtp-server.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: Awaited<ReturnType<typeof buildTestApp>>;
let offsetMs = 0;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await buildTestApp(
    { SMTP_URL: smtp.url, PUBLIC_URL: 'https://books.example.test' },
    { clock: () => new Date(Date.now() + offsetMs) },
  );
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function mailsTo(address: string) {
  await t.app.services.mailer.idle();
  return smtp.to(address);
}

function linkToken(text: string): string {
  const match = /https:\/\/books\.example\.test\/verify-email#token=([\w.-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no verification link in ${text}`);
  return match[1];
}

const verify = (token: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/email/verify', payload: { token } });
const me = async (auth: { authorization: string }) =>
  (await t.app.inject({ method: 'GET', url: '/api/me', headers: auth })).json();

describe('email verification', () => {
  it('mails a link at sign-up; the account works unverified until the link is followed', async () => {
    const u = await registerUser(t.app);
    expect((await me(u.auth)).emailVerified).toBe(false);
    const [mail] = await mailsTo(u.email);
    expect(mail?.subject).toMatch(/confirm/i);
    const token = linkToken(mail?.text ?? '');
    expect(mail?.html).toContain('/verify-email#token=');
    const res = await verify(token);
    expect(res.statusCode).toBe(200);
    expect(res.json().emailVerified).toBe(true);
    expect((await me(u.auth)).emailVerified).toBe(true);
    // Following it again is harmless.
    expect((await verify(token)).statusCode).toBe(200);
  });

  it('refuses forged, expired and other-purpose tokens', async () => {
    const u = await registerUser(t.app);
    const token = linkToken((await mailsTo(u.email))[0]?.text ?? '');
    const [h, p] = token.split('.');
    expect((await verify(`${h}.${p}.AAAA`)).statusCode).toBe(400);
    // A session token is signed with another key and audience.
    expect((await verify(u.token)).json().error.code).toBe('invalid_verification_token');
    offsetMs = 8 * 24 * 3600_000;
    try {
      expect((await verify(token)).statusCode).toBe(400);
    } finally {
      offsetMs = 0;
    }
    expect((await me(u.auth)).emailVerified).toBe(false);
  });

  it('resends a link on request, at most 3 an hour', async () => {
    const limited = await buildTestApp({ RATE_LIMIT_DISABLED: '0', SMTP_URL: smtp.url });
    try {
      const u = await registerUser(limited.app);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await injectAs(limited.app, u, { method: 'POST', url: '/api/me/email/verify/resend' })).statusCode,
        );
      }
      expect(statuses).toEqual([202, 202, 202, 429]);
      await limited.app.services.mailer.idle();
      expect(smtp.to(u.email)).toHaveLength(4);
    } finally {
      await limited.close();
    }
  });

  it('changes the email with the password: the new address gets a link, the old one is told, the old link dies', async () => {
    const u = await registerUser(t.app);
    const oldToken = linkToken((await mailsTo(u.email))[0]?.text ?? '');
    const wrong = await injectAs(t.app, u, {
      method: 'PUT',
      url: '/api/me/email',
      payload: { email: 'new-address@example.test', password: 'not it' },
    });
    expect(wrong.statusCode).toBe(400);
    const other = await registerUser(t.app);
    const taken = await injectAs(t.app, u, {
      method: 'PUT',
      url: '/api/me/email',
      payload: { email: other.email.toUpperCase(), password: u.password },
    });
    expect(taken.statusCode).toBe(409);

    const newEmail = `new-${u.username}@example.test`;
    const res = await injectAs(t.app, u, {
      method: 'PUT',
      url: '/api/me/email',
      payload: { email: newEmail, password: u.password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: newEmail, emailVerified: false });
    const told = (await mailsTo(u.email)).at(-1);
    expect(told?.subject).toMatch(/changed/i);
    expect(told?.text).toContain(newEmail);
    expect((await verify(oldToken)).statusCode).toBe(400);
    const newToken = linkToken((await mailsTo(newEmail))[0]?.text ?? '');
    expect((await verify(newToken)).json()).toMatchObject({ email: newEmail, emailVerified: true });
  });
});
