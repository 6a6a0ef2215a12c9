import { randomUUID } from 'node:crypto';

import { AUTH_ROUTES, SessionSummary } from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser, LOCAL_IP } from './auth-helpers';
import {
  adminToken,
  BrowserSession,
  connectClient,
  loginSession,
  refreshCookieOf,
  refreshWithCookie,
  startTestApp,
  TestApp,
} from './test-app';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1';

describe('the sessions list: GET /auth/sessions, DELETE /auth/sessions/:id, revoke-others', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const as = (session: { accessToken: string }) => ({
    list: () =>
      request(t.url)
        .get(AUTH_ROUTES.sessions)
        .set('Authorization', `Bearer ${session.accessToken}`),
    revoke: (id: string) =>
      request(t.url)
        .delete(`${AUTH_ROUTES.sessions}/${id}`)
        .set('Authorization', `Bearer ${session.accessToken}`),
    revokeOthers: () =>
      request(t.url)
        .post(AUTH_ROUTES.sessionsRevokeOthers)
        .set('Authorization', `Bearer ${session.accessToken}`),
    me: () =>
      request(t.url).get(AUTH_ROUTES.me).set('Authorization', `Bearer ${session.accessToken}`),
  });

  /** A sign-in from a browser with that user agent. */
  async function signInWith(
    user: { username: string; password: string },
    userAgent: string,
  ): Promise<BrowserSession> {
    const res = await request(t.url)
      .post(AUTH_ROUTES.login)
      .set('User-Agent', userAgent)
      .send({ username: user.username, password: user.password })
      .expect(200);
    return { ...res.body, cookie: refreshCookieOf(res) as string };
  }

  const listOf = async (session: BrowserSession): Promise<SessionSummary[]> =>
    (await as(session).list().expect(200)).body as SessionSummary[];

  it("lists the caller's open sessions: device, address, times, how, which one is this", async () => {
    const user = await createUser(t, admin, ['viewer']);
    const laptop = await signInWith(user, FIREFOX);
    const phone = await signInWith(user, PHONE);
    const stranger = await createUser(t, admin, ['viewer']);
    await loginSession(t, stranger.username, stranger.password);

    const before = await listOf(laptop);
    expect(before).toHaveLength(2);
    const mine = before.find((s) => s.current) as SessionSummary;
    const other = before.find((s) => !s.current) as SessionSummary;
    expect(mine).toMatchObject({ userAgent: FIREFOX, method: 'password', current: true });
    expect(other).toMatchObject({ userAgent: PHONE, method: 'password', current: false });
    expect(mine.ip).toMatch(LOCAL_IP);
    expect(mine.organizationId).toEqual(expect.any(String));
    expect(Date.parse(mine.expiresAt) - Date.parse(mine.createdAt)).toBeGreaterThan(
      (t.config.jwtRefreshTtlSeconds - 60) * 1000,
    );
    expect(before.map((s) => s.id)).not.toContain(undefined);

    // A refresh of the phone moves its "last active", not its "signed in".
    await new Promise((resolve) => setTimeout(resolve, 20));
    await refreshWithCookie(t, phone.cookie).set('User-Agent', PHONE).expect(200);
    const after = await listOf(phone);
    expect(after).toHaveLength(2);
    const phoneAfter = after.find((s) => s.id === other.id) as SessionSummary;
    expect(phoneAfter.createdAt).toBe(other.createdAt);
    expect(Date.parse(phoneAfter.lastUsedAt)).toBeGreaterThan(Date.parse(other.lastUsedAt));
    // The request is made with the phone's old access token: still the same session, now current.
    expect(phoneAfter.current).toBe(true);
  });

  it('ends one session everywhere: its access token, its refresh cookie and its socket', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const laptop = await signInWith(user, FIREFOX);
    const phone = await signInWith(user, PHONE);
    const socket = await connectClient(t.url, () => undefined, phone.accessToken);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    try {
      const target = (await listOf(laptop)).find((s) => !s.current) as SessionSummary;
      await as(laptop).revoke(target.id).expect(204);

      await as(phone).me().expect(401);
      await refreshWithCookie(t, phone.cookie).expect(401);
      expect(
        await Promise.race([
          closed,
          new Promise((resolve) => setTimeout(() => resolve('still open'), 2000)),
        ]),
      ).not.toBe('still open');
      await as(laptop).me().expect(200);
      expect((await listOf(laptop)).map((s) => s.id)).not.toContain(target.id);

      const [row] = await auditRows(t, { action: 'session_revoked', target: `user:${user.id}` });
      expect(row).toMatchObject({ actor_id: user.id, result: 'success' });
      expect(row.details).toMatchObject({ scope: 'session', sessionId: target.id });
      // Gone now: a second attempt finds nothing.
      await as(laptop).revoke(target.id).expect(404);
    } finally {
      socket.close();
    }
  });

  it("answers 404 for another user's session (which stays open), 400 for a malformed id", async () => {
    const user = await createUser(t, admin, ['viewer']);
    const victim = await createUser(t, admin, ['viewer']);
    const mine = await signInWith(user, FIREFOX);
    const theirs = await signInWith(victim, PHONE);
    const [theirSession] = await listOf(theirs);

    const refused = await as(mine).revoke(theirSession.id).expect(404);
    expect(refused.body.message).toMatch(/Session not found/);
    await as(mine).revoke(randomUUID()).expect(404);
    const malformed = await as(mine).revoke('not-a-uuid').expect(400);
    expect(JSON.stringify(malformed.body.message)).toMatch(/uuid/i);

    await as(theirs).me().expect(200);
    await refreshWithCookie(t, theirs.cookie).expect(200);
    expect(await listOf(mine)).toHaveLength(1);
  });

  it('signs out everywhere else: every other session ends, this one stays', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const here = await signInWith(user, FIREFOX);
    const phone = await signInWith(user, PHONE);
    const tablet = await signInWith(user, 'Tablet');
    const otherUser = await createUser(t, admin, ['viewer']);
    const bystander = await signInWith(otherUser, FIREFOX);
    expect(await listOf(here)).toHaveLength(3);

    await as(here).revokeOthers().expect(204);

    for (const gone of [phone, tablet]) {
      await as(gone).me().expect(401);
      await refreshWithCookie(t, gone.cookie).expect(401);
    }
    await as(here).me().expect(200);
    const left = await listOf(here);
    expect(left).toHaveLength(1);
    expect(left[0].current).toBe(true);
    await refreshWithCookie(t, here.cookie).expect(200);
    await as(bystander).me().expect(200);

    const rows = await auditRows(t, { action: 'session_revoked', target: `user:${user.id}` });
    expect(rows).toHaveLength(1);
    expect(rows[0].details).toMatchObject({ scope: 'others', sessions: 2 });
  });

  it('needs a signed-in user: 401 without a token', async () => {
    await request(t.url).get(AUTH_ROUTES.sessions).expect(401);
    await request(t.url).post(AUTH_ROUTES.sessionsRevokeOthers).expect(401);
  });
});
