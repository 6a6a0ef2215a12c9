import { execFileSync } from 'node:child_process';

import {
  AUTH_ROUTES,
  CurrentUser,
  RecoveryCodes,
  TwoFactorChallenge,
  TwoFactorSetup,
} from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser } from './auth-helpers';
import { countStatuses, postFrom, requestFrom, SOURCE_ADDRESSES } from './http-from';
import { adminToken, loginAs, queryDb, startTestApp, TestApp } from './test-app';

const LOCKED = 'Account locked after too many failed attempts; try again later';

/** A TOTP code from Debian's oathtool, `offset` seconds from now (±30: the neighbouring steps). */
const oathtool = (secret: string, offset = 0) =>
  execFileSync(
    'oathtool',
    [
      '--totp',
      '-b',
      secret,
      ...(offset ? ['-N', `now ${offset > 0 ? '+' : '-'} ${Math.abs(offset)} seconds`] : []),
    ],
    { encoding: 'utf8' },
  ).trim();

/** A six-digit code that none of the three codes valid now is. */
const wrongCode = (secret: string, salt = 0) => {
  const valid = new Set([oathtool(secret, -30), oathtool(secret), oathtool(secret, 30)]);
  for (let n = salt; ; n++) {
    const code = String((n * 7919) % 1_000_000).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
};

interface TwoFactorUser {
  id: string;
  username: string;
  password: string;
  token: string;
  secret: string;
  recoveryCodes: string[];
}

/** A member with 2FA on (set up and enabled through the API), and a session opened before. */
async function memberWithTwoFactor(t: TestApp, admin: string): Promise<TwoFactorUser> {
  const user = await createUser(t, admin, ['viewer']);
  const token = (await loginAs(t, user.username, user.password)).accessToken;
  const setup = (
    await request(t.url)
      .post(AUTH_ROUTES.twoFactorSetup)
      .set('Authorization', `Bearer ${token}`)
      .send({})
      .expect(200)
  ).body as TwoFactorSetup;
  const enabled = (
    await request(t.url)
      .post(AUTH_ROUTES.twoFactorEnable)
      .set('Authorization', `Bearer ${token}`)
      .send({ code: oathtool(setup.secret) })
      .expect(200)
  ).body as RecoveryCodes;
  return { ...user, token, secret: setup.secret, recoveryCodes: enabled.recoveryCodes };
}

const challengeOf = async (t: TestApp, u: { username: string; password: string }) => {
  const res = await request(t.url)
    .post(AUTH_ROUTES.login)
    .send({ username: u.username, password: u.password })
    .expect(200);
  return (res.body as TwoFactorChallenge).challenge;
};

const secondFactor = (t: TestApp, challenge: string, code: string, from?: string) =>
  postFrom(t.url, AUTH_ROUTES.twoFactor, { challenge, code }, from);

const me = async (t: TestApp, token: string) =>
  (await request(t.url).get(AUTH_ROUTES.me).set('Authorization', `Bearer ${token}`).expect(200))
    .body as CurrentUser;

describe('2FA hardening (lockout threshold 5)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ HASH_QUEUE: '400' });
    admin = await adminToken(t);
  });

  afterAll(() => t?.close());

  const as = (token: string) => ({
    post: (path: string, body: object = {}) =>
      request(t.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  it('the 2FA step: 40 parallel wrong codes from ten addresses check 5; then the right code is refused', async () => {
    const user = await memberWithTwoFactor(t, admin);
    const challenge = await challengeOf(t, user);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        secondFactor(t, challenge, wrongCode(user.secret, i), SOURCE_ADDRESSES[i % 10]),
      ),
    );
    expect(countStatuses(answers)).toEqual({ 401: 5, 423: 35 });
    for (const r of answers.filter((a) => a.status === 423)) {
      expect(r.body.message).toBe(LOCKED);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    const checked = (
      await auditRows(t, { action: 'failed_login', target: `user:${user.id}` })
    ).filter((r) => r.details['stage'] === '2fa' && r.details['reason'] === 'invalid');
    expect(checked).toHaveLength(5);

    expect((await secondFactor(t, challenge, oathtool(user.secret))).status).toBe(423);
    const login = await postFrom(t.url, AUTH_ROUTES.login, {
      username: user.username,
      password: user.password,
    });
    expect(login.status).toBe(423);
  });

  it('disabling needs the password and a fresh code: a code spent on a login is refused', async () => {
    const user = await memberWithTwoFactor(t, admin);
    // The current code stays valid for 30 to 60 s: long enough for the replay below.
    const spent = oathtool(user.secret);
    const signedIn = await secondFactor(t, await challengeOf(t, user), spent);
    expect(signedIn.status).toBe(200);
    const token = signedIn.body.accessToken as string;

    const missing = await as(token).post(AUTH_ROUTES.twoFactorDisable, {
      code: oathtool(user.secret),
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.message)).toContain('password');
    const wrongPassword = await as(token).post(AUTH_ROUTES.twoFactorDisable, {
      password: 'not-the-password-at-all',
      code: oathtool(user.secret),
    });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.message).toBe('password is not correct');
    const replayed = await as(token).post(AUTH_ROUTES.twoFactorDisable, {
      password: user.password,
      code: spent,
    });
    expect(replayed.status).toBe(400);
    expect(replayed.body.message).toMatch(/^code was already used/);
    const wrongCodeAnswer = await as(token).post(AUTH_ROUTES.twoFactorDisable, {
      password: user.password,
      code: wrongCode(user.secret),
    });
    expect(wrongCodeAnswer.status).toBe(400);
    expect(wrongCodeAnswer.body.message).toMatch(/^code must be a current code/);
    expect((await me(t, token)).twoFactorEnabled).toBe(true);

    await as(token)
      .post(AUTH_ROUTES.twoFactorDisable, {
        password: user.password,
        code: oathtool(user.secret, 30),
      })
      .expect(204);
    expect((await me(t, token)).twoFactorEnabled).toBe(false);
    const rows = await auditRows(t, { action: '2fa_disable', target: `user:${user.id}` });
    expect(rows.map((r) => [r.result, r.details['reason']])).toEqual([
      ['failure', 'wrong password'],
      ['failure', 'code already used'],
      ['failure', 'invalid code'],
      ['success', undefined],
    ]);
  });

  it('disabling is locked like login: 40 parallel guesses check 5, then even the right code is refused', async () => {
    const user = await memberWithTwoFactor(t, admin);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        as(user.token).post(AUTH_ROUTES.twoFactorDisable, {
          password: user.password,
          code: wrongCode(user.secret, i),
        }),
      ),
    );
    expect(countStatuses(answers)).toEqual({ 400: 5, 423: 35 });
    const right = await as(user.token).post(AUTH_ROUTES.twoFactorDisable, {
      password: user.password,
      code: oathtool(user.secret),
    });
    expect(right.status).toBe(423);
    expect(right.body.message).toBe(LOCKED);
    expect((await me(t, user.token)).twoFactorEnabled).toBe(true);
    const checked = (
      await auditRows(t, { action: 'failed_login', target: `user:${user.id}` })
    ).filter((r) => r.details['stage'] === '2fa_disable' && r.details['reason'] !== 'locked');
    expect(checked).toHaveLength(5);
  });

  it('regenerates recovery codes with the password and a code (audited); the console sees how many remain', async () => {
    const user = await memberWithTwoFactor(t, admin);
    expect((await me(t, user.token)).recoveryCodesRemaining).toBe(10);
    const viaRecovery = await secondFactor(t, await challengeOf(t, user), user.recoveryCodes[0]);
    expect(viaRecovery.status).toBe(200);
    expect((await me(t, viaRecovery.body.accessToken)).recoveryCodesRemaining).toBe(9);

    const refused = await as(user.token).post(AUTH_ROUTES.recoveryCodes, {
      password: 'not-the-password-at-all',
      code: user.recoveryCodes[1],
    });
    expect(refused.status).toBe(400);
    const fresh = await as(user.token)
      .post(AUTH_ROUTES.recoveryCodes, { password: user.password, code: user.recoveryCodes[1] })
      .expect(200);
    expect(fresh.headers['cache-control']).toBe('no-store');
    const codes = (fresh.body as RecoveryCodes).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(codes).not.toContain(user.recoveryCodes[2]);
    expect((await me(t, user.token)).recoveryCodesRemaining).toBe(10);

    expect((await secondFactor(t, await challengeOf(t, user), user.recoveryCodes[2])).status).toBe(
      401,
    );
    expect((await secondFactor(t, await challengeOf(t, user), codes[0])).status).toBe(200);
    const rows = await auditRows(t, {
      action: 'recovery_codes_regenerated',
      target: `user:${user.id}`,
    });
    expect(rows.map((r) => [r.result, r.details])).toEqual([
      ['failure', { reason: 'wrong password' }],
      ['success', { recoveryCodes: 10 }],
    ]);
    expect(rows[1].actor_id).toBe(user.id);
  });

  it('lost phone: sign in with a recovery code, set up the new phone with the password and another one', async () => {
    const user = await memberWithTwoFactor(t, admin);
    const signedIn = await secondFactor(t, await challengeOf(t, user), user.recoveryCodes[0]);
    expect(signedIn.status).toBe(200);
    const token = signedIn.body.accessToken as string;

    const bare = await as(token).post(AUTH_ROUTES.twoFactorSetup, {});
    expect(bare.status).toBe(400);
    expect(bare.body.message).toMatch(/^password and code are required/);
    const setup = await as(token)
      .post(AUTH_ROUTES.twoFactorSetup, { password: user.password, code: user.recoveryCodes[1] })
      .expect(200);
    const newSecret = (setup.body as TwoFactorSetup).secret;
    expect(newSecret).not.toBe(user.secret);
    // Until confirmed, the old authenticator still works and the new one does not.
    await as(token)
      .post(AUTH_ROUTES.twoFactorEnable, { code: wrongCode(newSecret) })
      .expect(400);
    const enabled = await as(token)
      .post(AUTH_ROUTES.twoFactorEnable, { code: oathtool(newSecret) })
      .expect(200);
    const newCodes = (enabled.body as RecoveryCodes).recoveryCodes;
    expect(newCodes).toHaveLength(10);

    const oldPhone = oathtool(user.secret, 30);
    expect(oldPhone === oathtool(newSecret, 30)).toBe(false);
    expect((await secondFactor(t, await challengeOf(t, user), oldPhone)).status).toBe(401);
    expect((await secondFactor(t, await challengeOf(t, user), user.recoveryCodes[2])).status).toBe(
      401,
    );
    expect(
      (await secondFactor(t, await challengeOf(t, user), oathtool(newSecret, 30))).status,
    ).toBe(200);

    const setups = await auditRows(t, { action: '2fa_setup', target: `user:${user.id}` });
    expect(setups.map((r) => [r.result, r.details['step']])).toEqual([
      ['success', 'secret created'],
      ['success', 'enabled'],
      ['success', 'secret created'],
      ['failure', 'enable'],
      ['success', 'enabled'],
    ]);
    expect(setups[2].details['replacing']).toBe(true);
  });

  it("an administrator resets a member's 2FA: its sessions end, the password alone signs in (audited)", async () => {
    const user = await memberWithTwoFactor(t, admin);
    const viewer = await createUser(t, admin, ['viewer']);
    const viewerToken = (await loginAs(t, viewer.username, viewer.password)).accessToken;
    await as(viewerToken).post(`${AUTH_ROUTES.users}/${user.id}/reset-2fa`).expect(403);
    const adminId = (await me(t, admin)).id;
    const own = await as(admin).post(`${AUTH_ROUTES.users}/${adminId}/reset-2fa`).expect(400);
    expect(own.body.message).toMatch(/^id: change your own two-factor authentication/);
    await as(admin)
      .post(`${AUTH_ROUTES.users}/00000000-0000-4000-8000-000000000000/reset-2fa`)
      .expect(404);

    await as(admin).post(`${AUTH_ROUTES.users}/${user.id}/reset-2fa`).expect(204);
    await request(t.url)
      .get(AUTH_ROUTES.me)
      .set('Authorization', `Bearer ${user.token}`)
      .expect(401);
    const pair = await loginAs(t, user.username, user.password);
    expect((await me(t, pair.accessToken)).twoFactorEnabled).toBe(false);
    const [{ codes }] = await queryDb<{ codes: number }>(
      t,
      `SELECT count(*)::int AS codes FROM recovery_code WHERE user_id = $1`,
      [user.id],
    );
    expect(codes).toBe(0);
    const [row] = await auditRows(t, { action: '2fa_reset', target: `user:${user.id}` });
    expect(row).toMatchObject({
      actor_name: 'admin',
      result: 'success',
      details: { wasEnabled: true },
    });
  });
});

describe('a 2FA challenge redeems once (lockout threshold raised to 100)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ LOCKOUT_THRESHOLD: '100', HASH_QUEUE: '400' });
    admin = await adminToken(t);
  });

  afterAll(() => t?.close());

  it('20 parallel redemptions of one challenge, each with a valid code: exactly one session', async () => {
    const user = await memberWithTwoFactor(t, admin);
    const challenge = await challengeOf(t, user);
    const totp = [oathtool(user.secret, -30), oathtool(user.secret), oathtool(user.secret, 30)];
    // Four recovery codes race with the TOTP codes: each recovery code costs up to ten argon2
    // verifications on one hashing slot, so all ten made this race CPU-bound (> 30 s in a loaded CI).
    const codes = [...user.recoveryCodes.slice(0, 4), ...totp];
    while (codes.length < 20) codes.push(totp[1]);
    const answers = await Promise.all(
      codes.map((code, i) =>
        requestFrom(t.url, 'POST', AUTH_ROUTES.twoFactor, {
          body: { challenge, code },
          localAddress: SOURCE_ADDRESSES[i % 10],
          timeoutMs: 120_000,
        }),
      ),
    );
    expect(countStatuses(answers)).toEqual({ 200: 1, 401: 19 });
    const logins = await auditRows(t, { action: 'login', target: `user:${user.id}` });
    expect(logins.filter((r) => String(r.details['method']).startsWith('password+'))).toHaveLength(
      1,
    );
    // The losers' recovery codes were not used up.
    const winner = codes[answers.findIndex((a) => a.status === 200)];
    const [{ unused }] = await queryDb<{ unused: number }>(
      t,
      `SELECT count(*)::int AS unused FROM recovery_code WHERE user_id = $1 AND used_at IS NULL`,
      [user.id],
    );
    expect(unused).toBe(user.recoveryCodes.includes(winner) ? 9 : 10);
    // And a redeemed challenge stays redeemed.
    expect(
      (await secondFactor(t, challenge, user.recoveryCodes.find((c) => c !== winner) as string))
        .status,
    ).toBe(401);
  }, 180_000);
});
