import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, multipartFile, registerUser } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp({ MAX_FILE_SIZE: String(256 * 1024) });
});
afterAll(async () => {
  await t.close();
});

function avatarFiles(): string[] {
  const dir = path.join(t.config.uploadDir, 'avatars');
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function pngWithExif(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .withExif({ IFD0: { Copyright: 'secret-location-data', Artist: 'Someone' } })
    .png()
    .toBuffer();
}

const upload = (auth: Record<string, string>, file: { payload: Buffer; headers: Record<string, string> }) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/me/avatar',
    headers: { ...auth, ...file.headers },
    payload: file.payload,
  });

describe('PATCH /api/me', () => {
  it('edits display name, bio, username and privacy', async () => {
    const u = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: u.auth,
      payload: {
        displayName: '  Mara  ',
        bio: 'Reads at night.',
        username: `New_${u.username}`.slice(0, 30),
        privacy: 'followers',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: 'Mara', bio: 'Reads at night.', privacy: 'followers' });
    expect(res.json().username).toBe(`new_${u.username}`.slice(0, 30));
  });

  it('refuses a username taken in another letter case, unknown fields and bad values, changing nothing', async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const taken = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: b.auth,
      payload: { username: a.username.toUpperCase() },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.details).toHaveProperty('username');
    for (const payload of [
      { email: 'x@y.z' },
      { passwordHash: 'x' },
      { privacy: 'everyone' },
      { displayName: '' },
      { bio: 'b'.repeat(1001) },
    ]) {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: b.auth, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const meNow = (await t.app.inject({ method: 'GET', url: '/api/me', headers: b.auth })).json();
    expect(meNow.username).toBe(b.username);
    expect(meNow.email).toBe(b.email);
    expect(meNow.privacy).toBe('public');
  });
});

describe('PUT /api/me/password', () => {
  it('changes the password and refuses every other token, keeping the current one', async () => {
    const u = await registerUser(t.app);
    const other = (
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: u.username, password: u.password },
      })
    ).json().token.accessToken;
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/me/password',
      headers: u.auth,
      payload: { currentPassword: u.password, newPassword: 'a brand new password' },
    });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: u.auth })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${other}` } }))
        .statusCode,
    ).toBe(401);
    const oldLogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: u.username, password: u.password },
    });
    expect(oldLogin.statusCode).toBe(401);
    const newLogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: u.username, password: 'a brand new password' },
    });
    expect(newLogin.statusCode).toBe(200);
  });

  it('refuses a wrong current password and a too-short new one', async () => {
    const u = await registerUser(t.app);
    const wrong = await t.app.inject({
      method: 'PUT',
      url: '/api/me/password',
      headers: u.auth,
      payload: { currentPassword: 'not it at all', newPassword: 'a brand new password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toHaveProperty('currentPassword');
    const short = await t.app.inject({
      method: 'PUT',
      url: '/api/me/password',
      headers: u.auth,
      payload: { currentPassword: u.password, newPassword: 'short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details).toHaveProperty('newPassword');
  });
});

describe('avatars', () => {
  it('re-encodes, resizes and strips metadata, serves it publicly, and removes the old file on replace', async () => {
    const u = await registerUser(t.app);
    const first = await upload(u.auth, multipartFile(await pngWithExif(), 'me.png', 'image/png'));
    expect(first.statusCode).toBe(200);
    const url1: string = first.json().avatarUrl;
    expect(url1).toMatch(/^\/media\/avatars\/[a-f0-9]{32}\.webp$/);
    const served = await t.app.inject({ method: 'GET', url: url1 });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(512);
    expect(meta.exif).toBeUndefined();
    expect(served.rawPayload.includes(Buffer.from('secret-location-data'))).toBe(false);

    const second = await upload(u.auth, multipartFile(await pngWithExif(20, 20), 'again.png', 'image/png'));
    expect(second.statusCode).toBe(200);
    expect(second.json().avatarUrl).not.toBe(url1);
    expect((await t.app.inject({ method: 'GET', url: url1 })).statusCode).toBe(404);
    expect(avatarFiles()).toContain(path.basename(second.json().avatarUrl));
    expect(avatarFiles()).not.toContain(path.basename(url1));

    const profile = await t.app.inject({ method: 'GET', url: `/api/users/${u.username}` });
    expect(profile.json().avatarUrl).toBe(second.json().avatarUrl);

    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/me/avatar', headers: u.auth })).statusCode,
    ).toBe(204);
    expect(avatarFiles()).not.toContain(path.basename(second.json().avatarUrl));
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: u.auth })).json().avatarUrl,
    ).toBeNull();
  });

  it('accepts JPEG, WebP and GIF by content', async () => {
    const u = await registerUser(t.app);
    const base = sharp({ create: { width: 10, height: 10, channels: 3, background: '#123456' } });
    for (const [buf, name] of [
      [await base.clone().jpeg().toBuffer(), 'a.jpg'],
      [await base.clone().webp().toBuffer(), 'a.webp'],
      [await base.clone().gif().toBuffer(), 'a.gif'],
    ] as const) {
      const res = await upload(u.auth, multipartFile(buf, name, 'application/octet-stream'));
      expect(res.statusCode, name).toBe(200);
    }
  });

  it('refuses a PDF named .png with 415, by its content', async () => {
    const u = await registerUser(t.app);
    const before = avatarFiles().length;
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const res = await upload(u.auth, multipartFile(pdf, 'photo.png', 'image/png'));
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
    expect(avatarFiles().length).toBe(before);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: u.auth })).json().avatarUrl,
    ).toBeNull();
  });

  it('refuses a damaged image with PNG magic bytes', async () => {
    const u = await registerUser(t.app);
    const broken = Buffer.concat([(await pngWithExif()).subarray(0, 40), Buffer.alloc(100)]);
    const res = await upload(u.auth, multipartFile(broken, 'x.png', 'image/png'));
    expect(res.statusCode).toBe(415);
  });

  it('refuses a file over MAX_FILE_SIZE with 413 and leaves no temporary file behind', async () => {
    const u = await registerUser(t.app);
    const big = Buffer.concat([await pngWithExif(), Buffer.alloc(300 * 1024, 1)]);
    const res = await upload(u.auth, multipartFile(big, 'big.png', 'image/png'));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    const tmp = path.join(t.config.uploadDir, '.tmp');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
  });

  it('refuses a JSON body and a missing file field', async () => {
    const u = await registerUser(t.app);
    const json = await t.app.inject({
      method: 'PUT',
      url: '/api/me/avatar',
      headers: u.auth,
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    const wrongField = await upload(
      u.auth,
      multipartFile(await pngWithExif(), 'a.png', 'image/png', 'picture'),
    );
    expect(wrongField.statusCode).toBe(400);
  });

  it('needs a signed-in user', async () => {
    const res = await upload({}, multipartFile(await pngWithExif(), 'a.png', 'image/png'));
    expect(res.statusCode).toBe(401);
  });
});

describe('DELETE /api/me', () => {
  it('needs the right password, then removes every row and file of the user', async () => {
    const u = await registerUser(t.app);
    const avatar = await upload(u.auth, multipartFile(await pngWithExif(), 'me.png', 'image/png'));
    const file = path.basename(avatar.json().avatarUrl);
    const wrong = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: u.auth,
      payload: { password: 'nope nope' },
    });
    expect(wrong.statusCode).toBe(400);
    const missing = await t.app.inject({ method: 'DELETE', url: '/api/me', headers: u.auth, payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(avatarFiles()).toContain(file);

    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: u.auth,
      payload: { password: u.password },
    });
    expect(res.statusCode).toBe(204);
    expect(avatarFiles()).not.toContain(file);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: u.auth })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/users/${u.username}` })).statusCode).toBe(404);
    const rows = await t.database.db.selectFrom('sessions').selectAll().where('userId', '=', u.id).execute();
    expect(rows).toEqual([]);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: u.username, password: u.password },
    });
    expect(again.statusCode).toBe(401);
  });
});

describe('GET /api/users/:username', () => {
  it('shows a profile without private fields, case-insensitively, and 404 for nobody', async () => {
    const u = await registerUser(t.app, { displayName: 'Pat' });
    const viewer = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/users/${u.username.toUpperCase()}`,
      headers: viewer.auth,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      username: u.username,
      displayName: 'Pat',
      isFollowing: false,
      isSelf: false,
    });
    expect(body.counts).toMatchObject({ followers: 0, following: 0 });
    expect(body.email).toBeUndefined();
    expect(res.body).not.toContain(u.email);
    expect((await t.app.inject({ method: 'GET', url: '/api/users/nobody_at_all' })).statusCode).toBe(404);
  });
});

describe('GET /api/session', () => {
  it('answers 200 with no user for an anonymous browser', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/session' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: null, sessionEnded: false });
  });

  it('answers the signed-in reader for a session cookie, without the password hash', async () => {
    const u = await registerUser(t.app);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: u.username, password: u.password },
    });
    const session = login.cookies.find((c) => c.name === 'bt_session');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: `bt_session=${session?.value}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { username: u.username }, sessionEnded: false });
    expect(JSON.stringify(res.json())).not.toContain('passwordHash');
  });

  it('says the session ended, and clears the cookie, when a password change revoked it', async () => {
    const u = await registerUser(t.app);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: u.username, password: u.password },
    });
    const cookie = `bt_session=${login.cookies.find((c) => c.name === 'bt_session')?.value}`;
    const changed = await t.app.inject({
      method: 'PUT',
      url: '/api/me/password',
      headers: u.auth,
      payload: { currentPassword: u.password, newPassword: 'a brand new password' },
    });
    expect(changed.statusCode).toBe(204);
    const res = await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: null, sessionEnded: true });
    const cleared = res.cookies.find((c) => c.name === 'bt_session');
    expect(cleared?.value).toBe('');
  });

  it('still refuses a malformed bearer token with 401', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { authorization: 'Bearer nope' },
    });
    expect(res.statusCode).toBe(401);
  });
});
