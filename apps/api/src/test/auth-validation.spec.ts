import { AUTH_ROUTES, CSRF_HEADER } from '@hyperion/contracts';
import request from 'supertest';

import { adminToken, startTestApp, TestApp } from './test-app';

type Case = [route: string, body: unknown, field: string];

const long = (n: number) => 'x'.repeat(n);

/** Malformed bodies, per auth endpoint: [route, body, the field the 400 must name]. */
const CASES: Case[] = [
  [AUTH_ROUTES.login, {}, 'username'],
  [AUTH_ROUTES.login, { username: 'admin' }, 'password'],
  [AUTH_ROUTES.login, { username: 42, password: 'x' }, 'username'],
  [AUTH_ROUTES.login, { email: ['a'], password: 'x' }, 'email'],
  [AUTH_ROUTES.login, { username: 'admin', password: { $ne: '' } }, 'password'],
  [AUTH_ROUTES.login, { username: long(65), password: 'x' }, 'username'],
  [AUTH_ROUTES.login, { email: `${long(250)}@x.io`, password: 'x' }, 'email'],
  [AUTH_ROUTES.login, { username: 'admin', password: long(129) }, 'password'],
  [AUTH_ROUTES.login, { username: 'admin', password: 'x', isAdmin: true }, 'isAdmin'],
  [AUTH_ROUTES.twoFactor, { code: '123456' }, 'challenge'],
  [AUTH_ROUTES.twoFactor, { challenge: 'c' }, 'code'],
  [AUTH_ROUTES.twoFactor, { challenge: 'c', code: 123456 }, 'code'],
  [AUTH_ROUTES.twoFactor, { challenge: long(2049), code: '123456' }, 'challenge'],
  [AUTH_ROUTES.twoFactor, { challenge: 'c', code: long(33) }, 'code'],
  // The refresh token travels in the HttpOnly cookie only: in a body it is refused by name.
  [AUTH_ROUTES.refresh, { refreshToken: 'a-refresh-token' }, 'refreshToken'],
  [AUTH_ROUTES.refresh, { refreshToken: null }, 'refreshToken'],
  [AUTH_ROUTES.logout, { refreshToken: 'a-refresh-token' }, 'refreshToken'],
  [AUTH_ROUTES.password, { newPassword: 'a-long-new-password' }, 'currentPassword'],
  [AUTH_ROUTES.password, { currentPassword: 'x' }, 'newPassword'],
  [AUTH_ROUTES.password, { currentPassword: 'x', newPassword: 'short' }, 'newPassword'],
  [AUTH_ROUTES.password, { currentPassword: 'x', newPassword: long(129) }, 'newPassword'],
  [AUTH_ROUTES.password, { currentPassword: true, newPassword: long(20) }, 'currentPassword'],
  [AUTH_ROUTES.twoFactorEnable, {}, 'code'],
  [AUTH_ROUTES.twoFactorEnable, { code: 123456 }, 'code'],
  [AUTH_ROUTES.twoFactorEnable, { code: long(33) }, 'code'],
  [AUTH_ROUTES.twoFactorDisable, {}, 'code'],
  [AUTH_ROUTES.twoFactorDisable, { code: [1] }, 'code'],
  [AUTH_ROUTES.users, { username: 'ok', email: 'not-an-email' }, 'email'],
  [AUTH_ROUTES.users, { username: long(65) }, 'username'],
  [AUTH_ROUTES.roles, { name: 'ok-role', permissions: 'users:admin' }, 'permissions'],
  [AUTH_ROUTES.apiKeys, { name: long(129), permissions: [] }, 'name'],
];

describe('malformed bodies on the auth endpoints', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '64kb' });
    token = await adminToken(t);
  });

  afterAll(async () => {
    await t.close();
  });

  it.each(CASES)('POST %s %j → 400 naming %s', async (route, body, field) => {
    const res = await request(t.url)
      .post(route)
      .set('Authorization', `Bearer ${token}`)
      .set(CSRF_HEADER, '1')
      .send(body as object);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  const ROUTES = [
    AUTH_ROUTES.login,
    AUTH_ROUTES.twoFactor,
    AUTH_ROUTES.refresh,
    AUTH_ROUTES.logout,
    AUTH_ROUTES.password,
    AUTH_ROUTES.twoFactorEnable,
    AUTH_ROUTES.twoFactorDisable,
  ];

  it.each(ROUTES)('POST %s with a body over BODY_LIMIT → 413', async (route) => {
    const res = await request(t.url)
      .post(route)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ password: long(100 * 1024) }));
    expect(res.status).toBe(413);
  });

  it.each(ROUTES)(
    'POST %s with broken JSON, an array or no body → 400, never 500',
    async (route) => {
      // Refresh and logout read no body (the cookie is the credential): an empty one is fine
      // there, and an array carries no field to refuse.
      const noBody = route === AUTH_ROUTES.logout || route === AUTH_ROUTES.refresh;
      const bodies = ['{"code": ', '"text"', ...(noBody ? [] : ['[1,2]', ''])];
      for (const send of bodies) {
        const res = await request(t.url)
          .post(route)
          .set('Authorization', `Bearer ${token}`)
          .set(CSRF_HEADER, '1')
          .set('Content-Type', 'application/json')
          .send(send);
        expect(res.status).toBe(400);
      }
    },
  );
});
