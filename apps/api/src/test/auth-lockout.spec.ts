import { AUTH_ROUTES, UserPage } from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser, unique } from './auth-helpers';
import { countStatuses, postFrom, SOURCE_ADDRESSES } from './http-from';
import { adminToken, queryDb, startTestApp, TestApp } from './test-app';

const LOCKED = 'Account locked after too many failed attempts; try again later';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Lockout under real parallel requests: every guess takes its place in a PostgreSQL counter before
 * any password is checked, so no number of parallel guesses, source addresses or API instances
 * gets more than LOCKOUT_THRESHOLD (5) passwords checked.
 */
describe('lockout that counts every guess', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;

  beforeAll(async () => {
    // Two instances of one deployment; short locks (2 s, doubling); every flooding request admitted
    // to the hashing queue, so the lockout alone decides.
    const env = { LOCKOUT_BASE_SECONDS: '2', LOCKOUT_MAX_SECONDS: '60', HASH_QUEUE: '400' };
    a = await startTestApp(env);
    b = await startTestApp(env);
    admin = await adminToken(a);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const login = (t: TestApp, username: string, password: string, from?: string) =>
    postFrom(t.url, AUTH_ROUTES.login, { username, password }, from);

  /** `n` wrong passwords at once, spread over ten source addresses and both instances. */
  const flood = (username: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        login(i % 2 ? b : a, username, `wrong-password-${i}`, SOURCE_ADDRESSES[i % 10]),
      ),
    );

  const lockRow = async (userId: string) =>
    (
      await queryDb<{ attempts: number; level: number; locked_until: Date | null }>(
        a,
        `SELECT attempts, level, locked_until FROM login_attempt WHERE user_id = $1`,
        [userId],
      )
    )[0];

  it('150 parallel wrong passwords from ten addresses and two instances: 5 checked, the right one then refused until the lock ends', async () => {
    const user = await createUser(a, admin, ['viewer']);
    const answers = await flood(user.username, 150);

    expect(countStatuses(answers)).toEqual({ 401: 5, 423: 145 });
    for (const r of answers.filter((x) => x.status === 423)) {
      expect(r.body.message).toBe(LOCKED);
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(2);
    }
    // Exactly five passwords were checked (one `invalid` row each), from several addresses.
    const failed = await auditRows(a, { action: 'failed_login', target: `user:${user.id}` });
    const checked = failed.filter((r) => r.details['reason'] === 'invalid');
    expect(checked).toHaveLength(5);
    expect(failed.filter((r) => r.details['reason'] === 'locked')).toHaveLength(145);
    expect(new Set(failed.map((r) => r.ip)).size).toBeGreaterThan(3);
    expect(
      await auditRows(a, { action: 'account_locked', target: `user:${user.id}` }),
    ).toHaveLength(1);

    // The right password is refused while locked, on either instance ...
    const refused = await login(b, user.username, user.password);
    expect(refused.status).toBe(423);
    const { locked_until } = await lockRow(user.id);
    expect(locked_until).not.toBeNull();
    // ... and accepted once the lock ended (2 s after it began).
    await sleep(Math.max(0, (locked_until as Date).getTime() - Date.now()) + 300);
    const accepted = await login(a, user.username, user.password);
    expect(accepted.status).toBe(200);
    expect(accepted.body.accessToken).toEqual(expect.any(String));
    // A success clears the counter and its back-off.
    expect(await lockRow(user.id)).toBeUndefined();
  });

  it('attempts while locked do not extend the lock; each lock in a row lasts twice as long', async () => {
    const user = await createUser(a, admin, ['viewer']);
    for (let i = 0; i < 5; i++) {
      expect((await login(a, user.username, `wrong-${i}`)).status).toBe(401);
    }
    const first = await lockRow(user.id);
    expect(first.level).toBe(1);
    for (let i = 0; i < 4; i++) {
      await sleep(300);
      const r = await login(i % 2 ? a : b, user.username, i === 3 ? user.password : 'wrong');
      expect(r.status).toBe(423);
    }
    expect((await lockRow(user.id)).locked_until).toEqual(first.locked_until);

    // The lock ends when it said it would; five more wrong passwords lock for 4 s.
    await sleep(Math.max(0, (first.locked_until as Date).getTime() - Date.now()) + 300);
    for (let i = 0; i < 5; i++) {
      expect((await login(b, user.username, `wrong-again-${i}`)).status).toBe(401);
    }
    const locked = await login(a, user.username, user.password);
    expect(locked.status).toBe(423);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(3);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(4);
    const second = await lockRow(user.id);
    expect(second.level).toBe(2);
    const rows = await auditRows(a, { action: 'account_locked', target: `user:${user.id}` });
    expect(rows.map((r) => r.details['seconds'])).toEqual([2, 4]);
  });

  it('answers an unknown username exactly like a real one: 401, then 423 with the same message and Retry-After', async () => {
    const user = await createUser(a, admin, ['viewer']);
    const nobody = unique('nobody');
    const sequence = async (username: string) => {
      const out: { status: number; message: string; retryAfter?: string }[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await login(i % 2 ? a : b, username, `wrong-${i}`, SOURCE_ADDRESSES[i]);
        out.push({
          status: r.status,
          message: r.body.message,
          retryAfter: r.headers['retry-after'],
        });
      }
      return out;
    };
    const [real, unknown] = await Promise.all([sequence(user.username), sequence(nobody)]);
    expect(unknown).toEqual(real);
    expect(real.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 423, 423]);
    expect(real[0].message).toBe('Invalid credentials');
    expect(real[5]).toMatchObject({ message: LOCKED, retryAfter: '2' });

    // In parallel too: the same five checks and the same refusals.
    const fresh = await createUser(a, admin, ['viewer']);
    const [realFlood, unknownFlood] = await Promise.all([
      flood(fresh.username, 40),
      flood(unique('nobody'), 40),
    ]);
    expect(countStatuses(unknownFlood)).toEqual(countStatuses(realFlood));
    expect(countStatuses(realFlood)).toEqual({ 401: 5, 423: 35 });
    const [unknownRow] = await auditRows(a, { action: 'account_locked', actorName: nobody });
    expect(unknownRow).toMatchObject({ target: null, result: 'failure' });
  });

  it('answers a disabled account like a wrong password, right password or not, and locks it alike', async () => {
    const user = await createUser(a, admin, ['viewer']);
    await request(a.url)
      .patch(`${AUTH_ROUTES.users}/${user.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ status: 'disabled' })
      .expect(200);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await login(a, user.username, i % 2 ? user.password : 'wrong-password');
      statuses.push(r.status);
      if (r.status === 401) expect(r.body.message).toBe('Invalid credentials');
      if (r.status === 423) expect(r.body.message).toBe(LOCKED);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 423]);
    const rows = await auditRows(a, { action: 'failed_login', target: `user:${user.id}` });
    expect(rows.map((r) => r.details['reason'])).toEqual([
      'invalid',
      'disabled',
      'invalid',
      'disabled',
      'invalid',
      'locked',
    ]);
  });

  it('wrong current passwords on a password change count too: the sixth is refused even when right', async () => {
    const user = await createUser(a, admin, ['viewer']);
    const token = (await login(a, user.username, user.password)).body.accessToken as string;
    const change = (currentPassword: string) =>
      request(a.url)
        .post(AUTH_ROUTES.password)
        .set('Authorization', `Bearer ${token}`)
        .send({ currentPassword, newPassword: 'violet-ferry-candle-83' });
    for (let i = 0; i < 5; i++) await change(`not-it-${i}`).expect(400);
    const locked = await change(user.password).expect(423);
    expect(locked.body.message).toBe(LOCKED);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The lock is the account's: signing in is refused as well.
    expect((await login(a, user.username, user.password)).status).toBe(423);
  });
});

describe('unlock by an administrator (default lock of 60 s)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
  });

  afterAll(() => t?.close());

  const login = (username: string, password: string) =>
    postFrom(t.url, AUTH_ROUTES.login, { username, password });

  it('an administrator sees "locked until" and unlocks (audited); the member signs in at once', async () => {
    const user = await createUser(t, admin, ['viewer']);
    for (let i = 0; i < 5; i++) await login(user.username, 'wrong-password');
    const find = async () =>
      (
        (
          await request(t.url)
            .get(`${AUTH_ROUTES.users}?q=${encodeURIComponent(user.username)}`)
            .set('Authorization', `Bearer ${admin}`)
            .expect(200)
        ).body as UserPage
      ).items[0];
    const listed = await find();
    expect(listed.id).toBe(user.id);
    expect(new Date(listed.lockedUntil as string).getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect((await login(user.username, user.password)).status).toBe(423);

    const viewer = await createUser(t, admin, ['viewer']);
    const viewerToken = (await login(viewer.username, viewer.password)).body.accessToken;
    await request(t.url)
      .post(`${AUTH_ROUTES.users}/${user.id}/unlock`)
      .set('Authorization', `Bearer ${viewerToken}`)
      .expect(403);
    await request(t.url)
      .post(`${AUTH_ROUTES.users}/00000000-0000-4000-8000-000000000000/unlock`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(404);
    await request(t.url)
      .post(`${AUTH_ROUTES.users}/${user.id}/unlock`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(204);

    expect((await login(user.username, user.password)).status).toBe(200);
    expect((await find()).lockedUntil).toBeNull();
    const [row] = await auditRows(t, { action: 'user_unlocked', target: `user:${user.id}` });
    expect(row).toMatchObject({ actor_name: 'admin', result: 'success' });
    expect(row.details['wasLockedUntil']).toEqual(listed.lockedUntil);
  });
});
