import { execFileSync } from 'node:child_process';

import {
  AUTH_ROUTES,
  CSRF_HEADER,
  ORGANIZATION_ROUTES,
  RecoveryCodes,
  TwoFactorSetup,
} from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser, unique } from './auth-helpers';
import {
  adminToken,
  BrowserSession,
  loginSession,
  logoutWithCookie,
  queryDb,
  refreshCookieOf,
  refreshWithCookie,
  startTestApp,
  TEST_ADMIN_PASSWORD,
  TestApp,
} from './test-app';

/** What every Set-Cookie of the refresh token must say after the value (no Secure over HTTP). */
const ATTRIBUTES = (maxAge: number) =>
  `; Max-Age=${maxAge}; Path=/api/v1/auth; HttpOnly; SameSite=Strict`;
const COOKIE = (maxAge: number) =>
  new RegExp(
    `^hyperion_refresh=[A-Za-z0-9_-]{43}${ATTRIBUTES(maxAge).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
  );

const setCookies = (res: { headers: Record<string, unknown> }): string[] => {
  const raw = res.headers['set-cookie'];
  return Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
};

describe('the refresh token in an HttpOnly cookie (one session across tabs)', () => {
  let t: TestApp;
  let admin: string;
  let ttl: number;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    ttl = t.config.jwtRefreshTtlSeconds;
  });

  afterAll(async () => {
    await t.close();
  });

  const me = (accessToken: string) =>
    request(t.url).get(AUTH_ROUTES.me).set('Authorization', `Bearer ${accessToken}`);
  const viewer = () => createUser(t, admin, ['viewer']);
  const signIn = async (): Promise<BrowserSession> => {
    const user = await viewer();
    return loginSession(t, user.username, user.password);
  };

  it('sets the cookie on login with exact attributes, and keeps the token out of the body', async () => {
    const user = await viewer();
    const res = await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: user.username, password: user.password })
      .expect(200);
    expect(setCookies(res)).toHaveLength(1);
    expect(setCookies(res)[0]).toMatch(COOKIE(ttl));
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual([
      'accessToken',
      'expiresIn',
      'mustChangePassword',
    ]);
    expect(JSON.stringify(res.body)).not.toContain((refreshCookieOf(res) as string).split('=')[1]);

    // Without TRUST_PROXY a client's own X-Forwarded-Proto is not believed: no Secure over HTTP.
    const forged = await request(t.url)
      .post(AUTH_ROUTES.login)
      .set('X-Forwarded-Proto', 'https')
      .send({ username: user.username, password: user.password })
      .expect(200);
    expect(setCookies(forged)[0]).toMatch(COOKIE(ttl));
  });

  it('refreshes with the cookie and the CSRF header: rotated cookie, fresh access token, no-store', async () => {
    const session = await signIn();
    const res = await refreshWithCookie(t, session.cookie).expect(200);
    expect(setCookies(res)).toHaveLength(1);
    expect(setCookies(res)[0]).toMatch(COOKIE(ttl));
    expect(refreshCookieOf(res)).not.toBe(session.cookie);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual([
      'accessToken',
      'expiresIn',
      'mustChangePassword',
    ]);
    await me(res.body.accessToken).expect(200);
  });

  it('refuses a refresh without the CSRF header (403 naming it), and the cookie stays usable', async () => {
    const session = await signIn();
    for (const value of [undefined, '0', 'true']) {
      const req = request(t.url).post(AUTH_ROUTES.refresh).set('Cookie', session.cookie);
      const res = await (value === undefined ? req : req.set(CSRF_HEADER, value)).expect(403);
      expect(res.body.message).toContain('x-hyperion-csrf');
      expect(setCookies(res)).toEqual([]);
    }
    const logout = await request(t.url)
      .post(AUTH_ROUTES.logout)
      .set('Cookie', session.cookie)
      .expect(403);
    expect(logout.body.message).toContain('x-hyperion-csrf');
    // Nothing was consumed or revoked by the refused calls.
    await refreshWithCookie(t, session.cookie).expect(200);
  });

  it('refuses a cross-site Origin or Sec-Fetch-Site, and accepts its own origin', async () => {
    const session = await signIn();
    const crossSite = await refreshWithCookie(t, session.cookie)
      .set('Origin', 'https://evil.example')
      .expect(403);
    expect(crossSite.body.message).toContain('https://evil.example');
    await refreshWithCookie(t, session.cookie).set('Origin', 'null').expect(403);
    await refreshWithCookie(t, session.cookie).set('Sec-Fetch-Site', 'cross-site').expect(403);
    await logoutWithCookie(t, session).set('Origin', 'https://evil.example').expect(403);
    await me(session.accessToken).expect(200);

    const own = await refreshWithCookie(t, session.cookie)
      .set('Origin', t.url)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(200);
    expect(refreshCookieOf(own)).toMatch(/^hyperion_refresh=/);
  });

  it('no longer takes the refresh token from the body', async () => {
    const session = await signIn();
    const token = session.cookie.split('=')[1];
    const inBody = await request(t.url)
      .post(AUTH_ROUTES.refresh)
      .set(CSRF_HEADER, '1')
      .send({ refreshToken: token })
      .expect(400);
    expect(JSON.stringify(inBody.body.message)).toContain('refreshToken');
    const noCookie = await refreshWithCookie(t, null).expect(401);
    expect(noCookie.body.message).toContain('hyperion_refresh');
    // The token sent in the body was not used up: the cookie still works.
    await refreshWithCookie(t, session.cookie).expect(200);
  });

  it('clears the cookie on logout, which ends the session', async () => {
    const session = await signIn();
    const res = await logoutWithCookie(t, session).expect(204);
    expect(setCookies(res)).toEqual([`hyperion_refresh=${ATTRIBUTES(0)}`]);
    await refreshWithCookie(t, session.cookie).expect(401);
    await me(session.accessToken).expect(401);
  });

  it('lets two tabs refresh the same cookie at once without ending the session (grace)', async () => {
    const user = await viewer();
    let session = await loginSession(t, user.username, user.password);
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([
        refreshWithCookie(t, session.cookie),
        refreshWithCookie(t, session.cookie),
        refreshWithCookie(t, session.cookie),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
      // One of them rotated the token (the browser keeps that cookie); the others got an access
      // token of the same session and leave the cookie alone.
      const rotated = answers.map((r) => refreshCookieOf(r)).filter((c) => c !== null);
      expect(rotated).toHaveLength(1);
      for (const answer of answers) await me(answer.body.accessToken).expect(200);
      session = { ...answers[0].body, cookie: rotated[0] as string };
    }
    await refreshWithCookie(t, session.cookie).expect(200);
    expect(
      await auditRows(t, { action: 'token_reuse_detected', target: `user:${user.id}` }),
    ).toEqual([]);
  });

  it('still revokes the whole family when a replaced token comes back after the grace', async () => {
    const user = await viewer();
    const first = await loginSession(t, user.username, user.password);
    const second = await refreshWithCookie(t, first.cookie).expect(200);
    const secondCookie = refreshCookieOf(second) as string;
    // The replacement happened a minute ago, as far as the grace is concerned.
    await queryDb(
      t,
      `UPDATE refresh_token SET revoked_at = revoked_at - interval '1 minute'
        WHERE user_id = $1 AND replaced_by IS NOT NULL`,
      [user.id],
    );

    const reuse = await refreshWithCookie(t, first.cookie).expect(401);
    expect(reuse.body.message).toMatch(/already used/);
    await refreshWithCookie(t, secondCookie).expect(401);
    await me(second.body.accessToken).expect(401);
    const [row] = await auditRows(t, { action: 'token_reuse_detected', target: `user:${user.id}` });
    expect(row).toMatchObject({ result: 'failure', actor_name: user.username });
  });

  it('revokes the family when a just-replaced token comes from another device, even within the grace', async () => {
    const session = await signIn();
    const next = await refreshWithCookie(t, session.cookie).set('User-Agent', 'tab').expect(200);
    await refreshWithCookie(t, session.cookie).set('User-Agent', 'elsewhere').expect(401);
    await refreshWithCookie(t, refreshCookieOf(next) as string)
      .set('User-Agent', 'tab')
      .expect(401);
  });

  it('sets the cookie after the 2FA step only, not on the password step', async () => {
    const user = await viewer();
    const session = await loginSession(t, user.username, user.password);
    const auth = (path: string) =>
      request(t.url).post(path).set('Authorization', `Bearer ${session.accessToken}`);
    const setup = (await auth(AUTH_ROUTES.twoFactorSetup).send({}).expect(200))
      .body as TwoFactorSetup;
    const code = execFileSync('oathtool', ['--totp', '-b', setup.secret], {
      encoding: 'utf8',
    }).trim();
    const { recoveryCodes } = (await auth(AUTH_ROUTES.twoFactorEnable).send({ code }).expect(200))
      .body as RecoveryCodes;

    const password = await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: user.username, password: user.password })
      .expect(200);
    expect(password.body.twoFactorRequired).toBe(true);
    expect(setCookies(password)).toEqual([]);
    const second = await request(t.url)
      .post(AUTH_ROUTES.twoFactor)
      .send({ challenge: password.body.challenge, code: recoveryCodes[0] })
      .expect(200);
    expect(setCookies(second)[0]).toMatch(COOKIE(ttl));
    expect(second.headers['cache-control']).toBe('no-store');
    expect(Object.keys(second.body).sort()).toEqual([
      'accessToken',
      'expiresIn',
      'mustChangePassword',
    ]);
    await refreshWithCookie(t, refreshCookieOf(second)).expect(200);
  });

  it('sets the cookie of the new session on an organisation switch; the old cookie ends', async () => {
    const platform = await loginSession(t, 'admin', TEST_ADMIN_PASSWORD);
    const created = await request(t.url)
      .post(ORGANIZATION_ROUTES.platformOrganizations)
      .set('Authorization', `Bearer ${platform.accessToken}`)
      .send({ name: 'Cookie org', slug: unique('cookie-org').toLowerCase() })
      .expect(201);
    const switched = await request(t.url)
      .post(ORGANIZATION_ROUTES.switch)
      .set('Authorization', `Bearer ${platform.accessToken}`)
      .send({ organizationId: created.body.id })
      .expect(200);
    expect(setCookies(switched)[0]).toMatch(COOKIE(ttl));
    expect(switched.headers['cache-control']).toBe('no-store');
    expect(switched.body.refreshToken).toBeUndefined();

    const refreshed = await refreshWithCookie(t, refreshCookieOf(switched)).expect(200);
    const whoami = await request(t.url)
      .get(AUTH_ROUTES.whoami)
      .set('Authorization', `Bearer ${refreshed.body.accessToken}`)
      .expect(200);
    expect(whoami.body.organizationId).toBe(created.body.id);
    await refreshWithCookie(t, platform.cookie).expect(401);
  });
});

describe('the refresh cookie behind an HTTPS proxy', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('is Secure when the trusted proxy says the request came over HTTPS, and not otherwise', async () => {
    const login = (proto: string) =>
      request(t.url)
        .post(AUTH_ROUTES.login)
        .set('X-Forwarded-Proto', proto)
        .send({ username: 'admin', password: TEST_ADMIN_PASSWORD })
        .expect(200);
    const https = await login('https');
    expect(setCookies(https)[0]).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    const http = await login('http');
    expect(setCookies(http)[0]).toMatch(/; HttpOnly; SameSite=Strict$/);

    const refreshed = await refreshWithCookie(t, refreshCookieOf(https))
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    expect(setCookies(refreshed)[0]).toMatch(/; Secure$/);
    const out = await logoutWithCookie(t, { cookie: refreshCookieOf(refreshed) })
      .set('X-Forwarded-Proto', 'https')
      .expect(204);
    expect(setCookies(out)).toEqual([`hyperion_refresh=${ATTRIBUTES(0)}; Secure`]);
  });
});
