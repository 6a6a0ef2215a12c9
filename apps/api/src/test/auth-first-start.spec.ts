import { createScratchDatabase } from '@hyperion/api/testing';
import { AUTH_ROUTES, TokenPair } from '@hyperion/contracts';
import { Logger } from '@nestjs/common';
import request from 'supertest';

import { auditRows } from './auth-helpers';
import { loginAs, queryDb, startTestApp, TestApp } from './test-app';

describe('first start without ADMIN_PASSWORD', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let warnings: string[];
  let password: string;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    // An empty database of its own: the run's database already has its admin.
    scratch = await createScratchDatabase();
    warnings = [];
    warn = jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation((message: unknown) => void warnings.push(String(message)));
    t = await startTestApp({ DATABASE_URL: scratch.url, ADMIN_PASSWORD: '' });
  });

  afterAll(async () => {
    warn.mockRestore();
    await t.close();
    await scratch.drop();
  });

  it('creates admin with a random password printed once in the log', async () => {
    const lines = warnings.filter((w) => w.includes('Initial admin password: '));
    expect(lines).toHaveLength(1);
    password = /Initial admin password: (\S+)/.exec(lines[0])?.[1] ?? '';
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);

    const [admin] = await queryDb<{ email: string; display_name: string; must: boolean }>(
      t,
      `SELECT email, display_name, must_change_password AS must FROM app_user WHERE username = 'admin'`,
    );
    expect(admin).toEqual({ email: 'admin@localhost', display_name: 'Administrator', must: true });
    const [created] = await auditRows(t, { action: 'user_created', actorName: 'system' });
    expect(created).toMatchObject({ actor_type: 'system', result: 'success' });
  });

  it('does not print it again, nor create another admin, on the next start', async () => {
    const before = warnings.length;
    const again = await startTestApp({ DATABASE_URL: scratch.url, ADMIN_PASSWORD: '' });
    await again.close();
    expect(warnings.slice(before).filter((w) => w.includes('Initial admin password'))).toEqual([]);
    const [{ count }] = await queryDb<{ count: string }>(t, 'SELECT count(*) FROM app_user');
    expect(count).toBe('1');
  });

  it('answers 403 "Password change required" everywhere but me, password and logout, until changed', async () => {
    const pair: TokenPair = await loginAs(t, 'admin', password);
    expect(pair.mustChangePassword).toBe(true);
    const auth = `Bearer ${pair.accessToken}`;

    const blocked = await request(t.url).get(AUTH_ROUTES.users).set('Authorization', auth);
    expect(blocked.status).toBe(403);
    expect(blocked.body.message).toBe('Password change required');
    await request(t.url).get('/api/v1/admin/health').set('Authorization', auth).expect(403);
    await request(t.url).post(AUTH_ROUTES.twoFactorSetup).set('Authorization', auth).expect(403);
    const me = await request(t.url).get(AUTH_ROUTES.me).set('Authorization', auth).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', mustChangePassword: true });

    await request(t.url)
      .post(AUTH_ROUTES.password)
      .set('Authorization', auth)
      .send({ currentPassword: password, newPassword: 'my-own-quiet-harbour-7' })
      .expect(204);

    await request(t.url).get(AUTH_ROUTES.users).set('Authorization', auth).expect(200);
    const after = await request(t.url).get(AUTH_ROUTES.me).set('Authorization', auth).expect(200);
    expect(after.body.mustChangePassword).toBe(false);
    expect((await loginAs(t, 'admin', 'my-own-quiet-harbour-7')).mustChangePassword).toBe(false);

    const [changed] = await auditRows(t, { action: 'password_changed', actorName: 'admin' });
    expect(changed).toMatchObject({ result: 'success' });
  });
});
