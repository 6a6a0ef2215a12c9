import { ApiKeySummary, AUTH_ROUTES, CreatedApiKey } from '@hyperion/contracts';
import request from 'supertest';

import { createUser, unique } from './auth-helpers';
import { adminToken, loginAs, queryDb, startTestApp, TestApp } from './test-app';

/**
 * Nobody hands out more than they hold (roles, assignments, memberships, API keys), an API key
 * can never do more than its creator can now and dies with the creator's place, and deleting a
 * role cannot leave an organisation without an administrator.
 */
describe('no privilege escalation', () => {
  let t: TestApp;
  let admin: string;
  /** A member whose only role grants users:admin and alerts:read. */
  let manager: { token: string; id: string; role: string };

  const as = (token: string) => ({
    post: (path: string, body: object) =>
      request(t.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) =>
      request(t.url).patch(path).set('Authorization', `Bearer ${token}`).send(body),
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`),
    delete: (path: string) => request(t.url).delete(path).set('Authorization', `Bearer ${token}`),
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    const role = unique('manager').toLowerCase();
    await as(admin)
      .post(AUTH_ROUTES.roles, { name: role, permissions: ['users:admin', 'alerts:read'] })
      .expect(201);
    const user = await createUser(t, admin, [role]);
    manager = {
      token: (await loginAs(t, user.username, user.password)).accessToken,
      id: user.id,
      role,
    };
  });

  afterAll(() => t?.close());

  it('refuses a role with permissions the creator lacks, naming them', async () => {
    const res = await as(manager.token).post(AUTH_ROUTES.roles, {
      name: unique('everything').toLowerCase(),
      permissions: ['users:admin', 'audit:read', 'ssh:exec'],
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'permissions: you cannot grant permissions you do not hold (audit:read, ssh:exec)',
    );
    const fine = await as(manager.token).post(AUTH_ROUTES.roles, {
      name: unique('reader').toLowerCase(),
      permissions: ['alerts:read'],
    });
    expect(fine.status).toBe(201);
  });

  it('refuses to assign, to oneself or anyone, a role carrying more than the assigner holds', async () => {
    const self = await as(manager.token).patch(`${AUTH_ROUTES.users}/${manager.id}`, {
      roles: ['admin'],
    });
    expect(self.status).toBe(403);
    expect(self.body.message).toMatch(/^roles: you cannot grant permissions you do not hold/);
    const username = unique('newbie');
    const created = await as(manager.token).post(AUTH_ROUTES.users, {
      username,
      email: `${username}@example.test`,
      displayName: username,
      password: 'a-long-password-123',
      roles: ['operator'],
    });
    expect(created.status).toBe(403);
    const other = await createUser(t, admin, ['viewer']);
    const added = await as(manager.token).patch(`${AUTH_ROUTES.users}/${other.id}`, {
      roles: ['admin'],
    });
    expect(added.status).toBe(403);
    const [{ roles }] = await queryDb<{ roles: string[] }>(
      t,
      `SELECT array_agg(r.name) AS roles FROM membership m JOIN membership_role mr ON mr.membership_id = m.id
         JOIN role r ON r.id = mr.role_id WHERE m.user_id = $1`,
      [manager.id],
    );
    expect(roles).toEqual([manager.role]);
  });

  it('refuses an API key broader than its creator, and a key cannot mint a broader key', async () => {
    const broad = await as(manager.token).post(AUTH_ROUTES.apiKeys, {
      name: unique('broad'),
      permissions: ['audit:read'],
    });
    expect(broad.status).toBe(403);
    const own = await as(manager.token).post(AUTH_ROUTES.apiKeys, {
      name: unique('own'),
      permissions: ['users:admin'],
    });
    expect(own.status).toBe(201);
    const key = (own.body as CreatedApiKey).key;
    const minted = await request(t.url)
      .post(AUTH_ROUTES.apiKeys)
      .set('X-API-Key', key)
      .send({ name: unique('minted'), permissions: ['users:admin', 'alerts:read'] });
    expect(minted.status).toBe(403);
  });

  it("bounds a key by its creator's current permissions, and stops it when the creator is disabled", async () => {
    const creator = await createUser(t, admin, ['admin']);
    const token = (await loginAs(t, creator.username, creator.password)).accessToken;
    const made = await as(token).post(AUTH_ROUTES.apiKeys, {
      name: unique('ops'),
      permissions: ['users:admin', 'audit:read'],
    });
    expect(made.status).toBe(201);
    const key = (made.body as CreatedApiKey).key;
    const whoami = () => request(t.url).get(AUTH_ROUTES.whoami).set('X-API-Key', key);
    expect((await whoami()).body.permissions).toEqual(['users:admin', 'audit:read']);

    // The creator loses audit:read: so does the key, at once.
    const viewerPlus = unique('admin-no-audit').toLowerCase();
    await as(admin)
      .post(AUTH_ROUTES.roles, { name: viewerPlus, permissions: ['users:admin'] })
      .expect(201);
    await as(admin)
      .patch(`${AUTH_ROUTES.users}/${creator.id}`, { roles: [viewerPlus] })
      .expect(200);
    expect((await whoami()).body.permissions).toEqual(['users:admin']);
    const keys = await request(t.url).get(AUTH_ROUTES.apiKeys).set('X-API-Key', key);
    expect(keys.status).toBe(200);
    expect((keys.body as ApiKeySummary[]).length).toBeGreaterThan(0);

    await as(admin).patch(`${AUTH_ROUTES.users}/${creator.id}`, { status: 'disabled' }).expect(200);
    expect((await whoami()).status).toBe(401);
  });

  it('refuses to delete the role that holds the last active users:admin of the organisation', async () => {
    // An organisation of its own, whose only administrator holds a custom role.
    const org = await as(admin).post('/api/v1/platform/organizations', {
      name: 'Escalation',
      slug: unique('esc').toLowerCase(),
    });
    expect(org.status).toBe(201);
    const inOrg = (
      await as(admin).post('/api/v1/auth/switch-organization', { organizationId: org.body.id })
    ).body.accessToken as string;
    const boss = unique('boss').toLowerCase();
    const role = await as(inOrg).post(AUTH_ROUTES.roles, {
      name: boss,
      permissions: ['users:admin'],
    });
    const keeper = await createUser(t, inOrg, [boss]);
    // The platform admin steps down to viewer here: the keeper is the last administrator.
    const me = (await as(inOrg).get(AUTH_ROUTES.me)).body as { id: string };
    await as(inOrg)
      .patch(`${AUTH_ROUTES.users}/${me.id}`, { roles: ['viewer'] })
      .expect(200);
    const keeperToken = (await loginAs(t, keeper.username, keeper.password)).accessToken;
    expect(keeperToken).toBeTruthy();
    const platformAdmin = (await as(admin).get(AUTH_ROUTES.me)).status;
    expect(platformAdmin).toBe(401); // the admin's Default session ended when it switched
    const again = await adminToken(t);
    const inOrgAgain = (
      await as(again).post('/api/v1/auth/switch-organization', { organizationId: org.body.id })
    ).body.accessToken as string;
    const refused = await as(inOrgAgain).delete(`${AUTH_ROUTES.roles}/${role.body.id}`);
    // The admin is now a viewer there: it may not even try (403); the keeper may try, and is refused (409).
    expect(refused.status).toBe(403);
    const keeperTry = await as(
      (await loginAs(t, keeper.username, keeper.password)).accessToken,
    ).delete(`${AUTH_ROUTES.roles}/${role.body.id}`);
    expect(keeperTry.status).toBe(409);
    expect(keeperTry.body.message).toMatch(/last active users:admin/);
  });
});
