import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser } from '../../../test/helpers.ts';
import { startSmtpServer } from '../../../test/smtp-server.ts';
import { Mailer } from '../mail/index.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: Awaited<ReturnType<typeof buildTestApp>>;
let now = Date.now();

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await buildTestApp(
    { SMTP_URL: smtp.url, MAIL_FROM: 'Books <books@example.test>', PUBLIC_URL: 'https://books.example.test' },
    { clock: () => new Date(now) },
  );
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function requestReset(email: string, app = t.app) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/password-reset/request',
    payload: { email },
  });
  await app.services.passwordResets.settled();
  await app.services.mailer.idle();
  return res;
}

/** Reset mails only: sign-up also mails a confirmation link. */
const resetMails = (address: string) => smtp.to(address).filter((m) => /reset/i.test(m.subject));

function tokenFrom(text: string): string {
  const match = /https:\/\/books\.example\.test\/reset-password#token=([\w-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no reset link in ${text}`);
  return match[1];
}

const confirm = (token: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token, password } });

const login = (login: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });

describe('password reset by mail', () => {
  it('answers 202 for an unknown address and mails nothing', async () => {
    const before = smtp.received.length;
    const res = await requestReset('nobody@example.test');
    expect(res.statusCode).toBe(202);
    expect(smtp.received.length).toBe(before);
  });

  it('mails a link from PUBLIC_URL in text and HTML, and keeps only a hash of the token', async () => {
    const u = await registerUser(t.app);
    const res = await requestReset(u.email.toUpperCase());
    expect(res.statusCode).toBe(202);
    const [mail] = resetMails(u.email);
    expect(mail?.from).toBe('books@example.test');
    expect(mail?.subject).toMatch(/reset/i);
    const token = tokenFrom(mail?.text ?? '');
    expect(mail?.html).toContain(`https://books.example.test/reset-password#token=${token}`);
    const rows = await t.database.db
      .selectFrom('passwordResetTokens')
      .selectAll()
      .where('userId', '=', u.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('sets the password, refuses the old one and every old token, signs in here, and works once', async () => {
    const u = await registerUser(t.app);
    const second = (await login(u.username, u.password)).json().token.accessToken as string;
    await requestReset(u.email);
    const token = tokenFrom(resetMails(u.email).at(-1)?.text ?? '');

    const res = await confirm(token, 'a brand new password');
    expect(res.statusCode).toBe(204);
    const session = res.cookies.find((c) => c.name === 'bt_session');
    expect(session?.value).toBeTruthy();
    const cookieMe = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { bt_session: session?.value ?? '' },
    });
    expect(cookieMe.json().id).toBe(u.id);

    for (const old of [u.auth.authorization, `Bearer ${second}`]) {
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: old } })).statusCode,
      ).toBe(401);
    }
    expect((await login(u.username, u.password)).statusCode).toBe(401);
    expect((await login(u.username, 'a brand new password')).statusCode).toBe(200);

    const again = await confirm(token, 'yet another password');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('invalid_reset_token');
  });

  it('refuses an older link once a newer one was asked for', async () => {
    const u = await registerUser(t.app);
    await requestReset(u.email);
    await requestReset(u.email);
    const [first, latest] = resetMails(u.email).map((m) => tokenFrom(m.text));
    expect((await confirm(first ?? '', 'a brand new password')).statusCode).toBe(400);
    expect((await confirm(latest ?? '', 'a brand new password')).statusCode).toBe(204);
  });

  it('refuses a link after its hour', async () => {
    const u = await registerUser(t.app);
    await requestReset(u.email);
    const token = tokenFrom(resetMails(u.email).at(-1)?.text ?? '');
    now += 60 * 60_000 + 1000;
    try {
      expect((await confirm(token, 'a brand new password')).statusCode).toBe(400);
    } finally {
      now = Date.now();
    }
    expect((await login(u.username, u.password)).statusCode).toBe(200);
  });

  it('applies the sign-up password rules and refuses garbage tokens', async () => {
    const u = await registerUser(t.app);
    await requestReset(u.email);
    const token = tokenFrom(resetMails(u.email).at(-1)?.text ?? '');
    const short = await confirm(token, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details).toHaveProperty('password');
    expect((await confirm('not-a-token', 'a brand new password')).statusCode).toBe(400);
    // The short password did not use the token up.
    expect((await confirm(token, 'a brand new password')).statusCode).toBe(204);
  });
});

describe('password reset limits', () => {
  it('allows 3 requests an hour per address (with an account or not), then 429 with Retry-After', async () => {
    const limited = await buildTestApp({ RATE_LIMIT_DISABLED: '0', SMTP_URL: smtp.url });
    try {
      const u = await registerUser(limited.app);
      for (const email of [u.email, 'nobody-limited@example.test']) {
        const statuses: number[] = [];
        let retryAfter: string | undefined;
        for (let i = 0; i < 4; i++) {
          const res = await limited.app.inject({
            method: 'POST',
            url: '/api/auth/password-reset/request',
            remoteAddress: `10.9.0.${i + 1}`,
            payload: { email },
          });
          statuses.push(res.statusCode);
          if (res.statusCode === 429) retryAfter = res.headers['retry-after'] as string;
        }
        expect(statuses).toEqual([202, 202, 202, 429]);
        expect(Number(retryAfter)).toBeGreaterThan(0);
      }
      await limited.app.services.passwordResets.settled();
      await limited.app.services.mailer.idle();
      expect(resetMails(u.email)).toHaveLength(3);
    } finally {
      await limited.close();
    }
  });

  it('limits requests per IP across addresses', async () => {
    const limited = await buildTestApp({ RATE_LIMIT_DISABLED: '0' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/password-reset/request',
          remoteAddress: '10.9.1.1',
          payload: { email: `someone${i}@example.test` },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.filter((s) => s === 202)).toHaveLength(30);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('mail without SMTP_URL and when sending fails', () => {
  it('writes the mail with its link to the log at info', async () => {
    const lines: string[] = [];
    const logged = await buildTestApp(
      { LOG_LEVEL: 'info', PUBLIC_URL: 'https://books.example.test' },
      { logStream: { write: (line: string) => lines.push(line) } },
    );
    try {
      const u = await registerUser(logged.app);
      await requestReset(u.email, logged.app);
      const entry = lines
        .map((l) => JSON.parse(l))
        .find((l) => l.mail?.to === u.email && /reset/i.test(l.mail.subject));
      expect(entry?.level).toBe(30);
      expect(tokenFrom(entry?.mail.text ?? '')).toBeTruthy();
    } finally {
      await logged.close();
    }
  });

  it('retries a refused mail with back-off and never throws to the sender', async () => {
    const logs: string[] = [];
    const log = {
      info: (_o: object, m: string) => logs.push(`info ${m}`),
      warn: (_o: object, m: string) => logs.push(`warn ${m}`),
      error: (_o: object, m: string) => logs.push(`error ${m}`),
    };
    const mailer = new Mailer(
      { smtpUrl: smtp.url, from: 'a@example.test', retryDelaysMs: [10, 20] },
      log as never,
    );
    smtp.failNext(2);
    mailer.send({ to: 'retry@example.test', subject: 'hello', text: 'hi', html: '<p>hi</p>' });
    await mailer.idle();
    expect(smtp.to('retry@example.test')).toHaveLength(1);
    expect(logs.filter((l) => l.startsWith('warn'))).toHaveLength(2);

    smtp.failNext(3);
    mailer.send({ to: 'dropped@example.test', subject: 'hello', text: 'hi', html: '<p>hi</p>' });
    await mailer.idle();
    expect(smtp.to('dropped@example.test')).toHaveLength(0);
    expect(logs.at(-1)).toBe('error mail could not be sent; dropped');
    mailer.close();
  });
});
