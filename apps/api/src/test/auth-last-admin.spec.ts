import { createScratchDatabase } from '@hyperion/api/testing';
import { AUTH_ROUTES, UserPage } from '@hyperion/contracts';
import request from 'supertest';

import { createUser } from './auth-helpers';
import { adminToken, loginAs, queryDb, startTestApp, TestApp } from './test-app';

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
    const admin = (users.body as UserPage).items.find((u) => u.id === adminId);
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

  it('two platform administrators disabling each other at once leave one of them', async () => {
    const other = await createUser(t, token, ['admin']);
    await queryDb(t, `UPDATE app_user SET platform_admin = true WHERE id = $1`, [other.id]);
    const mine = (await loginAs(t, 'admin', 'test-admin-password-0123')).accessToken;
    const theirs = (await loginAs(t, other.username, other.password)).accessToken;
    const disable = (as: string, id: string) =>
      request(t.url)
        .patch(`${AUTH_ROUTES.users}/${id}`)
        .set('Authorization', `Bearer ${as}`)
        .send({ status: 'disabled' });
    const results = await Promise.all([disable(mine, other.id), disable(theirs, adminId)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.message).toMatch(
      /last active platform administrator/,
    );
    const [{ n }] = await queryDb<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM app_user WHERE platform_admin AND status = 'active'`,
    );
    expect(n).toBe(1);
    // Put things back for whoever survived.
    const survivor = results[0].status === 200 ? mine : theirs;
    const disabledId = results[0].status === 200 ? other.id : adminId;
    await request(t.url)
      .patch(`${AUTH_ROUTES.users}/${disabledId}`)
      .set('Authorization', `Bearer ${survivor}`)
      .send({ status: 'active' })
      .expect(200);
  });

  it("twenty concurrent changes of one member's roles leave exactly one of them, and no 5xx", async () => {
    const fresh = await adminToken(t);
    const member = await createUser(t, fresh, ['viewer']);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(t.url)
          .patch(`${AUTH_ROUTES.users}/${member.id}`)
          .set('Authorization', `Bearer ${fresh}`)
          .send({ roles: [i % 2 === 0 ? 'operator' : 'viewer'] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const rows = await queryDb<{ name: string }>(
      t,
      `SELECT r.name FROM membership m JOIN membership_role mr ON mr.membership_id = m.id
         JOIN role r ON r.id = mr.role_id WHERE m.user_id = $1`,
      [member.id],
    );
    expect(rows).toHaveLength(1);
  });
});
