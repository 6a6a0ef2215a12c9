import { AUTH_ROUTES, CurrentUser } from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser, LOCAL_IP } from './auth-helpers';
import {
  adminToken,
  loginAs,
  loginSession,
  logoutWithCookie,
  refreshCookieOf,
  refreshWithCookie,
  startTestApp,
  TEST_ADMIN_PASSWORD,
  TestApp,
} from './test-app';

describe('sessions: login, refresh rotation, reuse detection, logout', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const refresh = (cookie: string) => refreshWithCookie(t, cookie);
  const me = (accessToken: string) =>
    request(t.url).get(AUTH_ROUTES.me).set('Authorization', `Bearer ${accessToken}`);

  it('logs in with username or email, answers the access token (refresh token in a cookie), and audits login with the IP', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const byName = await request(t.url)
      .post(AUTH_ROUTES.login)
      .set('User-Agent', 'auth-session-spec')
      .send({ username: user.username, password: user.password })
      .expect(200);
    expect(byName.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 900,
      mustChangePassword: false,
    });
    expect(refreshCookieOf(byName)).toMatch(/^hyperion_refresh=[A-Za-z0-9_-]{43}$/);
    await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ email: user.email.toUpperCase(), password: user.password })
      .expect(200);

    const current = (await me(byName.body.accessToken).expect(200)).body as CurrentUser;
    expect(current).toMatchObject({
      id: user.id,
      username: user.username,
      roles: ['viewer'],
      permissions: [
        'incidents:read',
        'alerts:read',
        'monitoring:read',
        'files:read',
        'notifications:read',
      ],
      twoFactorEnabled: false,
      mustChangePassword: false,
    });

    const logins = await auditRows(t, { action: 'login', target: `user:${user.id}` });
    expect(logins).toHaveLength(2);
    expect(logins[0]).toMatchObject({
      actor_type: 'user',
      actor_id: user.id,
      actor_name: user.username,
      result: 'success',
      user_agent: 'auth-session-spec',
    });
    expect(logins[0].ip).toMatch(LOCAL_IP);
  });

  it('answers the same 401 for a wrong password and an unknown user, auditing both with the IP', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const wrong = await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: user.username, password: 'not-the-password' })
      .expect(401);
    const unknown = await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: `${user.username}-nobody`, password: 'whatever-password' })
      .expect(401);
    expect(wrong.body.message).toBe('Invalid credentials');
    expect(unknown.body.message).toBe('Invalid credentials');

    const [failed] = await auditRows(t, { action: 'failed_login', target: `user:${user.id}` });
    expect(failed).toMatchObject({
      actor_type: 'anonymous',
      actor_name: user.username,
      result: 'failure',
    });
    expect(failed.ip).toMatch(LOCAL_IP);
    const [anonymous] = await auditRows(t, {
      action: 'failed_login',
      actorName: `${user.username}-nobody`,
    });
    expect(anonymous).toMatchObject({ actor_type: 'anonymous', target: null, result: 'failure' });
    expect(anonymous.ip).toMatch(LOCAL_IP);
  });

  it('rotates the refresh token: the new one works, the access token is fresh', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const first = await loginSession(t, user.username, user.password);
    const second = await refresh(first.cookie).expect(200);
    const secondCookie = refreshCookieOf(second) as string;
    expect(secondCookie).toMatch(/^hyperion_refresh=/);
    expect(secondCookie).not.toBe(first.cookie);
    await me(second.body.accessToken).expect(200);
    const third = await refresh(secondCookie).expect(200);
    expect(refreshCookieOf(third)).not.toBe(secondCookie);

    const refreshed = await auditRows(t, { action: 'token_refreshed', target: `user:${user.id}` });
    expect(refreshed).toHaveLength(2);
    expect(refreshed[0].ip).toMatch(LOCAL_IP);
  });

  it('detects reuse of a rotated refresh token: 401, the whole family revoked, audited', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const first = await loginSession(t, user.username, user.password);
    const second = await refresh(first.cookie).expect(200);

    // An attacker replays the old token from their own device: refused, and the legitimate
    // newest one dies too (its access token with it).
    const reuse = await refresh(first.cookie).set('User-Agent', 'attacker-device').expect(401);
    expect(reuse.body.message).toMatch(/already used/);
    await refresh(refreshCookieOf(second) as string).expect(401);
    await me(second.body.accessToken).expect(401);

    const [row] = await auditRows(t, { action: 'token_reuse_detected', target: `user:${user.id}` });
    expect(row).toMatchObject({ result: 'failure', actor_name: user.username });
    expect(row.ip).toMatch(LOCAL_IP);

    // Another session of the same user (another family) is not affected.
    const other = await loginSession(t, user.username, user.password);
    await refresh(other.cookie).expect(200);
  });

  it('refuses a garbage refresh token with 401', async () => {
    await refresh('hyperion_refresh=garbage-token-garbage-token').expect(401);
  });

  it('logs out: the refresh and access tokens no longer work, and logout is audited', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const session = await loginSession(t, user.username, user.password);
    const other = await loginSession(t, user.username, user.password);
    await logoutWithCookie(t, session).expect(204);
    await refresh(session.cookie).expect(401);
    // The access token dies with its session, not 15 minutes later.
    await request(t.url)
      .get(AUTH_ROUTES.me)
      .set('Authorization', `Bearer ${session.accessToken}`)
      .expect(401);
    await request(t.url)
      .get(AUTH_ROUTES.me)
      .set('Authorization', `Bearer ${other.accessToken}`)
      .expect(200);
    // Only that session: the other one still refreshes.
    const otherNext = await refresh(other.cookie).expect(200);

    // The cookie alone is enough (an access token that expired in an idle tab).
    const otherCookie = refreshCookieOf(otherNext) as string;
    await logoutWithCookie(t, { cookie: otherCookie }).expect(204);
    await refresh(otherCookie).expect(401);
    await me(otherNext.body.accessToken).expect(401);

    const logouts = await auditRows(t, { action: 'logout', target: `user:${user.id}` });
    expect(logouts.map((r) => r.details['scope'])).toEqual(['session', 'session']);
    expect(logouts[0]).toMatchObject({ actor_id: user.id, result: 'success' });
    expect(logouts[0].ip).toMatch(LOCAL_IP);
  });

  it('needs a token on protected routes: 401 without or with a bad one', async () => {
    await request(t.url).get(AUTH_ROUTES.me).expect(401);
    await request(t.url).get(AUTH_ROUTES.me).set('Authorization', 'Bearer nope').expect(401);
    // Logout is cookie-authenticated: without the CSRF header, refused before anything else.
    const logout = await request(t.url).post(AUTH_ROUTES.logout).send({}).expect(403);
    expect(logout.body.message).toContain('x-hyperion-csrf');
  });

  it('changes the password: old one refused, other sessions revoked, audited', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const current = await loginSession(t, user.username, user.password);
    const elsewhere = await loginSession(t, user.username, user.password);
    const change = (currentPassword: string, newPassword: string) =>
      request(t.url)
        .post(AUTH_ROUTES.password)
        .set('Authorization', `Bearer ${current.accessToken}`)
        .send({ currentPassword, newPassword });

    const wrong = await change('not-my-password', 'a-brand-new-password').expect(400);
    expect(wrong.body.message).toContain('currentPassword');
    await change(user.password, 'a-brand-new-password').expect(204);

    await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: user.username, password: user.password })
      .expect(401);
    await loginAs(t, user.username, 'a-brand-new-password');
    await refresh(elsewhere.cookie).expect(401);
    await refresh(current.cookie).expect(200);

    const rows = await auditRows(t, { action: 'password_changed', target: `user:${user.id}` });
    expect(rows.map((r) => r.result)).toEqual(['failure', 'success']);
  });

  it('refuses login, tokens and refresh of a disabled user', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const session = await loginSession(t, user.username, user.password);
    await request(t.url)
      .patch(`${AUTH_ROUTES.users}/${user.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ status: 'disabled' })
      .expect(200)
      .expect((r) => expect(r.body.status).toBe('disabled'));
    await me(session.accessToken).expect(401);
    await refresh(session.cookie).expect(401);
    const res = await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: user.username, password: user.password })
      .expect(401);
    // The same answer as a wrong password or an unknown user: nothing to enumerate.
    expect(res.body.message).toBe('Invalid credentials');

    const [disabled] = await auditRows(t, { action: 'user_disabled', target: `user:${user.id}` });
    expect(disabled).toMatchObject({ actor_name: 'admin', result: 'success' });
    expect(disabled.ip).toMatch(LOCAL_IP);
  });

  it('keeps the seeded admin (ADMIN_PASSWORD) usable without a forced password change', async () => {
    const pair = await loginAs(t, 'admin', TEST_ADMIN_PASSWORD);
    expect(pair.mustChangePassword).toBe(false);
    const current = (await me(pair.accessToken).expect(200)).body as CurrentUser;
    expect(current).toMatchObject({
      username: 'admin',
      email: 'admin@localhost',
      roles: ['admin'],
    });
  });
});
