import { testEndpoints } from '@hyperion/api/testing';
import { AUTH_ROUTES } from '@hyperion/contracts';
import Redis from 'ioredis';
import request from 'supertest';

import { auditRows, createUser, LOCAL_IP, unique } from './auth-helpers';
import { adminToken, refreshWithCookie, startTestApp, TestApp } from './test-app';

describe('per-account lockout', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('locks after 5 bad passwords: the 6th attempt answers 423 even with the right password', async () => {
    const user = await createUser(t, await adminToken(t), ['viewer']);
    const attempt = (password: string) =>
      request(t.url).post(AUTH_ROUTES.login).send({ username: user.username, password });

    for (let i = 0; i < 5; i++) {
      const res = await attempt(`wrong-password-${i}`).expect(401);
      expect(res.body.message).toBe('Invalid credentials');
    }
    const locked = await attempt(user.password).expect(423);
    expect(locked.body).toMatchObject({
      statusCode: 423,
      message: 'Account locked after too many failed attempts; try again later',
    });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);

    const failed = await auditRows(t, { action: 'failed_login', target: `user:${user.id}` });
    expect(failed).toHaveLength(6);
    expect(failed.map((r) => r.details['reason'])).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'locked',
    ]);
    for (const row of failed) {
      expect(row).toMatchObject({ actor_name: user.username, result: 'failure' });
      expect(row.ip).toMatch(LOCAL_IP);
    }
    const lockedRows = await auditRows(t, { action: 'account_locked', target: `user:${user.id}` });
    expect(lockedRows).toHaveLength(1);
    expect(lockedRows[0].ip).toMatch(LOCAL_IP);
  });

  it('does not lock another account, nor count failures before a successful login', async () => {
    const admin = await adminToken(t);
    const user = await createUser(t, admin, ['viewer']);
    const neighbour = await createUser(t, admin, ['viewer']);
    const attempt = (who: { username: string }, password: string) =>
      request(t.url).post(AUTH_ROUTES.login).send({ username: who.username, password });
    for (let i = 0; i < 5; i++) await attempt(neighbour, 'wrong-password').expect(401);
    await attempt(neighbour, neighbour.password).expect(423);
    // The neighbour is locked; this account is not.
    for (let i = 0; i < 4; i++) await attempt(user, 'wrong-password').expect(401);
    await attempt(user, user.password).expect(200);
    for (let i = 0; i < 4; i++) await attempt(user, 'wrong-password').expect(401);
    await attempt(user, user.password).expect(200);
  });
});

describe('per-IP rate limit on the auth endpoints (AUTH_RATE_LIMIT=3)', () => {
  let a: TestApp;
  let b: TestApp;
  // A Redis prefix of their own (under the run's), so other test files' logins do not count.
  const prefix = `${testEndpoints().redisPrefix}:rl`;

  beforeAll(async () => {
    a = await startTestApp({ AUTH_RATE_LIMIT: '3', REDIS_PREFIX: prefix });
    b = await startTestApp({ AUTH_RATE_LIMIT: '3', REDIS_PREFIX: prefix });
  });

  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('answers 429 with Retry-After past the limit, before any password check', async () => {
    const username = unique('nobody');
    const attempt = () =>
      request(a.url).post(AUTH_ROUTES.login).send({ username, password: 'some-password-1' });
    for (let i = 0; i < 3; i++) await attempt().expect(401);

    const limited = await attempt().expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // The limited attempt never reached the password check: three failed_login rows, not four.
    const rows = await auditRows(a, { action: 'failed_login', actorName: username });
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.ip).toMatch(LOCAL_IP);
  });

  it('shares the limit between API instances through Redis, across login, 2fa and refresh', async () => {
    await request(b.url).post(AUTH_ROUTES.login).send({ username: 'x', password: 'y' }).expect(429);

    const redis = new Redis(testEndpoints().redisUrl);
    try {
      expect(await redis.keys(`${prefix}:throttle:*`)).not.toEqual([]);
    } finally {
      redis.disconnect();
    }
    // The routes are limited one by one: the refresh endpoint has its own budget.
    const nope = 'hyperion_refresh=not-a-refresh-token-of-anyone';
    for (let i = 0; i < 3; i++) {
      await refreshWithCookie(b, nope).expect(401);
    }
    await refreshWithCookie(a, nope).expect(429);
    for (let i = 0; i < 3; i++) {
      await request(a.url)
        .post(AUTH_ROUTES.twoFactor)
        .send({ challenge: 'x', code: '123456' })
        .expect(401);
    }
    const limited = await request(b.url)
      .post(AUTH_ROUTES.twoFactor)
      .send({ challenge: 'x', code: '123456' })
      .expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
