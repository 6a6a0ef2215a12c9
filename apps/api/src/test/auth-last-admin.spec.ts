import { createScratchDatabase } from '@hyperion/api/testing';
import { AUTH_ROUTES, UserSummary } from '@hyperion/contracts';
import request from 'supertest';

import { createUser } from './auth-helpers';
import { adminToken, startTestApp, TestApp } from './test-app';

describe('administration never locks itself out', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;
  let token: string;
  let adminId: string;

  beforeAll(async () => {
    // A database of its own, where the seeded `admin` is the only account with users:admin.
    scratch = await createScratchDatabase();
    t = await startTestApp({ DATABASE_URL: scratch.url });
    token = await adminToken(t);
    const me = await request(t.url).get(AUTH_ROUTES.me).set('Authorization', `Bearer ${token}`);
    adminId = me.body.id;
  });

  afterAll(async () => {
    await t.close();
    await scratch.drop();
  });

  const patch = (id: string, body: object) =>
    request(t.url)
      .patch(`${AUTH_ROUTES.users}/${id}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);

  it('refuses to take users:admin away from the last account that has it (409)', async () => {
    const res = await patch(adminId, { roles: ['viewer'] }).expect(409);
    expect(res.body.message).toContain('last active account with users:admin');
    const users = await request(t.url)
      .get(AUTH_ROUTES.users)
      .set('Authorization', `Bearer ${token}`);
    const admin = (users.body as UserSummary[]).find((u) => u.id === adminId);
    expect(admin?.roles).toEqual(['admin']);
  });

  it('allows it once another active account can administer users', async () => {
    const ops = await createUser(t, token, ['admin']);
    await patch(adminId, { roles: ['operator'] }).expect(200);
    // ops is now the last administrator: an API key with users:admin cannot disable it either.
    const opsToken = (
      await request(t.url)
        .post(AUTH_ROUTES.login)
        .send({ username: ops.username, password: ops.password })
        .expect(200)
    ).body.accessToken as string;
    const key = (
      await request(t.url)
        .post(AUTH_ROUTES.apiKeys)
        .set('Authorization', `Bearer ${opsToken}`)
        .send({ name: 'provisioning', permissions: ['users:admin'] })
        .expect(201)
    ).body.key as string;
    const disable = await request(t.url)
      .patch(`${AUTH_ROUTES.users}/${ops.id}`)
      .set('X-API-Key', key)
      .send({ status: 'disabled' })
      .expect(409);
    expect(disable.body.message).toContain(`${ops.username} is the last active account`);
    await request(t.url)
      .patch(`${AUTH_ROUTES.users}/${adminId}`)
      .set('Authorization', `Bearer ${opsToken}`)
      .send({ roles: ['admin'] })
      .expect(200);
  });
});
