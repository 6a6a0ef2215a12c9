import { execFileSync } from 'node:child_process';

import { SecretBox, SecretBoxError } from '@hyperion/api/core';
import {
  AUTH_ROUTES,
  RecoveryCodes,
  TokenPair,
  TwoFactorChallenge,
  TwoFactorSetup,
} from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser, LOCAL_IP } from './auth-helpers';
import { adminToken, loginAs, queryDb, startTestApp, TestApp } from './test-app';

/** The current code from an independent implementation: Debian's oathtool. */
const oathtool = (secret: string) =>
  execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim();

describe('TOTP two-factor authentication', () => {
  let t: TestApp;
  let user: Awaited<ReturnType<typeof createUser>>;
  let session: TokenPair;
  let secret: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    t = await startTestApp();
    user = await createUser(t, await adminToken(t), ['viewer']);
    session = await loginAs(t, user.username, user.password);
  });

  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, token = session.accessToken) =>
    request(t.url).post(path).set('Authorization', `Bearer ${token}`);
  const login = () =>
    request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: user.username, password: user.password })
      .expect(200);
  const challenge = async () => {
    const body = (await login()).body as TwoFactorChallenge;
    expect(body).toEqual({ twoFactorRequired: true, challenge: expect.any(String) });
    return body.challenge;
  };

  it('sets up: otpauth URI, QR code data URL and the secret for manual entry', async () => {
    const setup = (await post(AUTH_ROUTES.twoFactorSetup).expect(200)).body as TwoFactorSetup;
    secret = setup.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUrl).toBe(
      `otpauth://totp/Hyperion:${user.username}?secret=${secret}&issuer=Hyperion&algorithm=SHA1&digits=6&period=30`,
    );
    expect(setup.qrCodeDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    // Not enabled until confirmed with a code.
    expect((await login()).body.accessToken).toEqual(expect.any(String));
  });

  it('refuses to enable with a wrong code', async () => {
    const wrong = oathtool(secret) === '000000' ? '111111' : '000000';
    const res = await post(AUTH_ROUTES.twoFactorEnable).send({ code: wrong }).expect(400);
    expect(res.body.message).toContain('code');
  });

  it('enables with a code from oathtool, answering ten recovery codes; audited 2fa_setup', async () => {
    const res = await post(AUTH_ROUTES.twoFactorEnable)
      .send({ code: oathtool(secret) })
      .expect(200);
    recoveryCodes = (res.body as RecoveryCodes).recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);

    const [row] = await auditRows(t, { action: '2fa_setup', target: `user:${user.id}` });
    expect(row).toMatchObject({ actor_id: user.id, result: 'success' });
    expect(row.ip).toMatch(LOCAL_IP);
    const stored = await queryDb<{ code_hash: string }>(
      t,
      'SELECT code_hash FROM recovery_code WHERE user_id = $1',
      [user.id],
    );
    expect(stored).toHaveLength(10);
    for (const { code_hash } of stored) {
      expect(code_hash).toMatch(/^\$argon2id\$/);
      expect(recoveryCodes.some((c) => code_hash.includes(c))).toBe(false);
    }
  });

  it('stores the secret encrypted: not readable, decrypts with the key, tampering detected', async () => {
    const [row] = await queryDb<{ totp_secret_enc: string; totp_pending_enc: string | null }>(
      t,
      'SELECT totp_secret_enc, totp_pending_enc FROM app_user WHERE id = $1',
      [user.id],
    );
    expect(row.totp_pending_enc).toBeNull();
    expect(row.totp_secret_enc).not.toContain(secret);
    expect(row.totp_secret_enc).not.toContain(secret.toLowerCase());
    expect(row.totp_secret_enc).toMatch(/^v1:/);

    const box = t.app.get(SecretBox);
    expect(box.decrypt(row.totp_secret_enc, `totp:${user.id}`)).toBe(secret);

    const parts = row.totp_secret_enc.split(':');
    const ciphertext = Buffer.from(parts[3], 'base64');
    ciphertext[0] ^= 0x01;
    const tampered = [...parts.slice(0, 3), ciphertext.toString('base64')].join(':');
    expect(() => box.decrypt(tampered, `totp:${user.id}`)).toThrow(SecretBoxError);
    // Bound to the user: another user's context does not open it.
    expect(() => box.decrypt(row.totp_secret_enc, 'totp:someone-else')).toThrow(SecretBoxError);
  });

  it('login now needs the code: password gives a challenge, /auth/2fa with oathtool gives tokens', async () => {
    const c = await challenge();
    const bad = await request(t.url)
      .post(AUTH_ROUTES.twoFactor)
      .send({ challenge: c, code: oathtool(secret) === '123456' ? '654321' : '123456' })
      .expect(401);
    expect(bad.body.message).toBe('Invalid code');
    const [failed] = await auditRows(t, { action: 'failed_login', target: `user:${user.id}` });
    expect(failed.details).toMatchObject({ stage: '2fa' });
    expect(failed.ip).toMatch(LOCAL_IP);

    const code = oathtool(secret);
    const res = await request(t.url)
      .post(AUTH_ROUTES.twoFactor)
      .send({ challenge: c, code })
      .expect(200);
    const pair = res.body as TokenPair;
    // That code opened a session: replaying it (still inside its 30 s window) is refused.
    await request(t.url)
      .post(AUTH_ROUTES.twoFactor)
      .send({ challenge: await challenge(), code })
      .expect(401);
    await request(t.url)
      .get(AUTH_ROUTES.me)
      .set('Authorization', `Bearer ${pair.accessToken}`)
      .expect(200)
      .expect((r) => expect(r.body.twoFactorEnabled).toBe(true));

    const logins = await auditRows(t, { action: 'login', target: `user:${user.id}` });
    expect(logins[logins.length - 1].details).toEqual({ method: 'password+totp' });
    expect(logins[logins.length - 1].ip).toMatch(LOCAL_IP);
  });

  it('refuses an access token or a forged string as the challenge', async () => {
    await request(t.url)
      .post(AUTH_ROUTES.twoFactor)
      .send({ challenge: session.accessToken, code: oathtool(secret) })
      .expect(401);
    await request(t.url)
      .post(AUTH_ROUTES.twoFactor)
      .send({ challenge: 'forged', code: oathtool(secret) })
      .expect(401);
  });

  it('issues a different challenge to each sign-in, even within one second', async () => {
    const challenges = await Promise.all([challenge(), challenge(), challenge()]);
    expect(new Set(challenges).size).toBe(3);
  });

  it('accepts a recovery code once (audited), and refuses it the second time', async () => {
    const code = recoveryCodes[3];
    const first = await request(t.url)
      .post(AUTH_ROUTES.twoFactor)
      .send({ challenge: await challenge(), code: code.toUpperCase() })
      .expect(200);
    expect(first.body.accessToken).toEqual(expect.any(String));
    await request(t.url)
      .post(AUTH_ROUTES.twoFactor)
      .send({ challenge: await challenge(), code })
      .expect(401);

    const [used] = await auditRows(t, { action: 'recovery_code_used', target: `user:${user.id}` });
    expect(used).toMatchObject({ actor_id: user.id, result: 'success', details: { remaining: 9 } });
    expect(used.ip).toMatch(LOCAL_IP);
  });

  it('disables only with the password and a fresh code (a recovery code will do); then login needs the password alone again', async () => {
    const noPassword = await post(AUTH_ROUTES.twoFactorDisable)
      .send({ code: oathtool(secret) })
      .expect(400);
    expect(JSON.stringify(noPassword.body.message)).toContain('password');
    const wrong = await post(AUTH_ROUTES.twoFactorDisable)
      .send({ password: 'not-the-password-at-all', code: oathtool(secret) })
      .expect(400);
    expect(wrong.body.message).toBe('password is not correct');
    await post(AUTH_ROUTES.twoFactorDisable)
      .send({ password: user.password, code: recoveryCodes[0] })
      .expect(204);
    expect((await login()).body.accessToken).toEqual(expect.any(String));

    const [row] = await queryDb<{ totp_secret_enc: string | null; codes: string }>(
      t,
      `SELECT totp_secret_enc, (SELECT count(*) FROM recovery_code WHERE user_id = $1) AS codes
         FROM app_user WHERE id = $1`,
      [user.id],
    );
    expect(row).toEqual({ totp_secret_enc: null, codes: '0' });
    const rows = await auditRows(t, { action: '2fa_disable', target: `user:${user.id}` });
    expect(rows.map((r) => r.result)).toEqual(['failure', 'success']);
    expect(rows[1].ip).toMatch(LOCAL_IP);
  });
});
