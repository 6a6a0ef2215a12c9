import {
  ApiKeySummary,
  AUTH_ROUTES,
  CreatedApiKey,
  RoleSummary,
  UserPage,
  UserSummary,
  WhoAmI,
} from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser, LOCAL_IP, unique } from './auth-helpers';
import { adminToken, loginAs, queryDb, startTestApp, TestApp } from './test-app';

describe('RBAC: roles, permissions, users and API keys', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const as = (token: string) => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(t.url).post(path).set('Authorization', `Bearer ${token}`),
    patch: (path: string) => request(t.url).patch(path).set('Authorization', `Bearer ${token}`),
    delete: (path: string) => request(t.url).delete(path).set('Authorization', `Bearer ${token}`),
  });

  it('seeds the built-in roles with the contracts permissions', async () => {
    const roles = (await as(admin).get(AUTH_ROUTES.roles).expect(200)).body as RoleSummary[];
    const viewer = roles.find((r) => r.name === 'viewer');
    expect(viewer).toMatchObject({
      builtIn: true,
      permissions: [
        'incidents:read',
        'alerts:read',
        'monitoring:read',
        'files:read',
        'notifications:read',
      ],
    });
    expect(roles.filter((r) => r.builtIn).map((r) => r.name)).toEqual(
      expect.arrayContaining(['admin', 'operator', 'viewer']),
    );
  });

  it('gives a permission-less user 403 on GET /users (audited), and the admin 200', async () => {
    const roleName = unique('nothing').toLowerCase();
    await as(admin).post(AUTH_ROUTES.roles).send({ name: roleName, permissions: [] }).expect(201);
    const user = await createUser(t, admin, [roleName]);
    const token = (await loginAs(t, user.username, user.password)).accessToken;

    const denied = await as(token).get(AUTH_ROUTES.users).expect(403);
    expect(denied.body.message).toBe('Missing permission: users:admin');
    const health = await as(token).get('/api/v1/admin/health').expect(403);
    expect(health.body.message).toBe('Missing permission: monitoring:read');
    const list = (await as(admin).get(`${AUTH_ROUTES.users}?q=${user.username}`).expect(200))
      .body as UserPage;
    expect(list.items.map((u) => u.username)).toEqual([user.username]);

    const [row] = await auditRows(t, { action: 'permission_denied', actorId: user.id });
    expect(row).toMatchObject({
      actor_type: 'user',
      actor_name: user.username,
      target: 'GET /api/v1/users',
      result: 'failure',
      details: { permissions: ['users:admin'] },
    });
    expect(row.ip).toMatch(LOCAL_IP);
  });

  it('gives a viewer 403 on the admin pages API but 200 on what it may read', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const token = (await loginAs(t, user.username, user.password)).accessToken;
    await as(token).get(AUTH_ROUTES.roles).expect(403);
    await as(token).get(AUTH_ROUTES.apiKeys).expect(403);
    await as(token).post(AUTH_ROUTES.roles).send({ name: 'sneaky', permissions: [] }).expect(403);
    const health = await as(token).get('/api/v1/admin/health');
    expect([200, 503]).toContain(health.status);
    expect(health.body).toMatchObject({ api: 'OK', status: expect.stringMatching(/healthy/) });
  });

  it('validates roles: name pattern, unknown permission named, duplicate 409, built-in undeletable', async () => {
    const bad = await as(admin)
      .post(AUTH_ROUTES.roles)
      .send({ name: unique('ops'), permissions: ['incidents:read', 'nuke:all'] })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('nuke:all');
    const badName = await as(admin)
      .post(AUTH_ROUTES.roles)
      .send({ name: 'Bad Name', permissions: [] })
      .expect(400);
    expect(JSON.stringify(badName.body.message)).toContain('name');

    const name = unique('ops');
    const created = (
      await as(admin)
        .post(AUTH_ROUTES.roles)
        .send({ name, description: 'On call', permissions: ['alerts:ack', 'alerts:read'] })
        .expect(201)
    ).body as RoleSummary;
    expect(created).toMatchObject({
      name,
      description: 'On call',
      permissions: ['alerts:read', 'alerts:ack'],
      builtIn: false,
    });
    await as(admin).post(AUTH_ROUTES.roles).send({ name, permissions: [] }).expect(409);

    const roles = (await as(admin).get(AUTH_ROUTES.roles).expect(200)).body as RoleSummary[];
    const adminRole = roles.find((r) => r.name === 'admin') as RoleSummary;
    const builtIn = await as(admin).delete(`${AUTH_ROUTES.roles}/${adminRole.id}`).expect(409);
    expect(builtIn.body.message).toMatch(/Built-in role admin/);

    await as(admin).delete(`${AUTH_ROUTES.roles}/${created.id}`).expect(204);
    await as(admin).delete(`${AUTH_ROUTES.roles}/${created.id}`).expect(404);
    await as(admin).delete(`${AUTH_ROUTES.roles}/not-a-uuid`).expect(400);

    const [createdRow] = await auditRows(t, {
      action: 'role_created',
      target: `role:${created.id}`,
    });
    expect(createdRow).toMatchObject({ actor_name: 'admin', result: 'success' });
    expect(createdRow.ip).toMatch(LOCAL_IP);
    const [deletedRow] = await auditRows(t, {
      action: 'role_deleted',
      target: `role:${created.id}`,
    });
    expect(deletedRow).toMatchObject({ actor_name: 'admin', details: { name } });
    expect(deletedRow.ip).toMatch(LOCAL_IP);
  });

  it('creates users: unknown role named (400), duplicate username or email (409), audited', async () => {
    const unknown = await as(admin)
      .post(AUTH_ROUTES.users)
      .send({
        username: unique('u'),
        email: `${unique('u')}@example.test`,
        displayName: 'X',
        password: 'a-long-password-123',
        roles: ['viewer', 'wizard'],
      })
      .expect(400);
    expect(unknown.body.message).toContain('wizard');

    const user = await createUser(t, admin, ['operator']);
    expect(user).toMatchObject({ status: 'active', roles: ['operator'], twoFactorEnabled: false });
    const again = (body: object) =>
      as(admin)
        .post(AUTH_ROUTES.users)
        .send({
          username: unique('u'),
          email: `${unique('u')}@example.test`,
          displayName: 'Again',
          password: 'a-long-password-123',
          roles: [],
          ...body,
        });
    expect((await again({ username: user.username }).expect(409)).body.message).toContain(
      'username',
    );
    expect((await again({ email: user.email }).expect(409)).body.message).toContain('email');

    const [row] = await auditRows(t, { action: 'user_created', target: `user:${user.id}` });
    expect(row).toMatchObject({ actor_name: 'admin', details: { roles: ['operator'] } });
    expect(row.ip).toMatch(LOCAL_IP);
  });

  it('updates users (roles, display name) and audits user_updated', async () => {
    const user = await createUser(t, admin, ['viewer']);
    const updated = (
      await as(admin)
        .patch(`${AUTH_ROUTES.users}/${user.id}`)
        .send({ displayName: 'Renamed', roles: ['operator', 'viewer'] })
        .expect(200)
    ).body as UserSummary;
    expect(updated).toMatchObject({ displayName: 'Renamed', roles: ['operator', 'viewer'] });
    const [row] = await auditRows(t, { action: 'user_updated', target: `user:${user.id}` });
    expect(row.details).toMatchObject({ roles: ['operator', 'viewer'] });
    await as(admin)
      .patch(`${AUTH_ROUTES.users}/00000000-0000-4000-8000-000000000000`)
      .send({ displayName: 'Nobody' })
      .expect(404);
  });

  it('API keys: shown once, scoped, work as Bearer or X-API-Key, revocable, audited', async () => {
    const created = (
      await as(admin)
        .post(AUTH_ROUTES.apiKeys)
        .send({ name: 'alert sender', permissions: ['monitoring:read'] })
        .expect(201)
    ).body as CreatedApiKey;
    expect(created.key).toMatch(/^hyp_[a-z0-9]{8}_[A-Za-z0-9_-]+$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created).toMatchObject({ permissions: ['monitoring:read'], lastUsedAt: null });

    const [stored] = await queryDb<{ key_hash: string }>(
      t,
      'SELECT key_hash FROM api_key WHERE id = $1',
      [created.id],
    );
    // The secret is everything after `hyp_<prefix>_`; it may itself hold '_' (base64url).
    const secret = /^hyp_[a-z0-9]{8}_(.+)$/.exec(created.key)?.[1] ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(20);
    expect(stored.key_hash).not.toContain(secret);

    for (const res of [
      await request(t.url).get('/api/v1/admin/health').set('X-API-Key', created.key),
      await as(created.key).get('/api/v1/admin/health'),
    ]) {
      expect([200, 503]).toContain(res.status);
      expect(res.body).toMatchObject({ api: 'OK', timestamp: expect.any(String) });
    }
    const scoped = await as(created.key).get(AUTH_ROUTES.users).expect(403);
    expect(scoped.body.message).toBe('Missing permission: users:admin');

    const keys = (await as(admin).get(AUTH_ROUTES.apiKeys).expect(200)).body as ApiKeySummary[];
    const listed = keys.find((k) => k.id === created.id);
    expect(listed?.lastUsedAt).not.toBeNull();
    expect(listed).not.toHaveProperty('key');

    await as(admin).delete(`${AUTH_ROUTES.apiKeys}/${created.id}`).expect(204);
    await request(t.url).get('/api/v1/admin/health').set('X-API-Key', created.key).expect(401);
    await request(t.url)
      .get('/api/v1/admin/health')
      .set('X-API-Key', `${created.key.slice(0, -2)}xx`)
      .expect(401);

    const bad = await as(admin)
      .post(AUTH_ROUTES.apiKeys)
      .send({ name: 'x', permissions: ['root'] })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('root');

    const [createdRow] = await auditRows(t, {
      action: 'api_key_created',
      target: `api_key:${created.id}`,
    });
    expect(createdRow).toMatchObject({ actor_name: 'admin', result: 'success' });
    expect(createdRow.ip).toMatch(LOCAL_IP);
    const [revokedRow] = await auditRows(t, {
      action: 'api_key_revoked',
      target: `api_key:${created.id}`,
    });
    expect(revokedRow).toMatchObject({ actor_name: 'admin', result: 'success' });
  });
});

describe("administrators and members' accounts: paging, email, password policy, resets, role edits", () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
  });

  afterAll(() => t?.close());

  const as = (token: string) => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) =>
      request(t.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) =>
      request(t.url).patch(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const newUser = (body: Partial<{ username: string; displayName: string; password: string }>) => {
    const username = body.username ?? unique('u');
    return as(admin).post(AUTH_ROUTES.users, {
      username,
      email: `${username}@example.test`,
      displayName: body.displayName ?? username,
      password: body.password ?? 'a-long-password-123',
      roles: ['viewer'],
    });
  };

  it('lists members a page at a time, searching username, email and display name', async () => {
    const tag = unique('pager');
    for (let i = 0; i < 3; i++) {
      await newUser({ displayName: `Pager ${tag} ${i}` }).expect(201);
    }
    const page = async (query: string) =>
      (await as(admin).get(`${AUTH_ROUTES.users}?${query}`).expect(200)).body as UserPage;
    const first = await page(`q=${tag.toUpperCase()}&limit=2`);
    expect(first.total).toBe(3);
    expect(first.items.map((u) => u.displayName)).toEqual([`Pager ${tag} 0`, `Pager ${tag} 1`]);
    expect(first.items[0]).toMatchObject({ lockedUntil: null, mustChangePassword: true });
    const second = await page(`q=${tag}&limit=2&offset=2`);
    expect(second).toMatchObject({ total: 3, items: [{ displayName: `Pager ${tag} 2` }] });
    // `%` and `_` are taken literally.
    expect((await page(`q=${encodeURIComponent('%')}${tag}`)).total).toBe(0);
    expect((await page('limit=1')).items).toHaveLength(1);

    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['offset=-1', 'offset'],
      ['limit=abc', 'limit'],
    ]) {
      const bad = await as(admin).get(`${AUTH_ROUTES.users}?${query}`).expect(400);
      expect(JSON.stringify(bad.body.message)).toContain(field);
    }
  });

  it("changes a member's email (unique: 409 on a clash)", async () => {
    const user = await createUser(t, admin, ['viewer']);
    const other = await createUser(t, admin, ['viewer']);
    const email = `${unique('renamed')}@Example.TEST`;
    const changed = await as(admin).patch(`${AUTH_ROUTES.users}/${user.id}`, { email }).expect(200);
    expect(changed.body.email).toBe(email.toLowerCase());
    await loginAs(t, user.username, user.password);
    const byEmail = await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ email, password: user.password })
      .expect(200);
    expect(byEmail.body.accessToken).toEqual(expect.any(String));

    const clash = await as(admin).patch(`${AUTH_ROUTES.users}/${user.id}`, { email: other.email });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toBe('email is already in use');
    const bad = await as(admin).patch(`${AUTH_ROUTES.users}/${user.id}`, { email: 'nope' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('email');
  });

  it('refuses weak passwords, naming the field and the reason', async () => {
    const common = await newUser({ password: 'password1234' }).expect(400);
    expect(common.body.message).toMatch(/^password is too common/);
    const username = unique('carmen').toLowerCase();
    const own = await newUser({ username, password: `${username}-rocks-77` }).expect(400);
    expect(own.body.message).toBe('password must not contain the username');
    const guessable = await newUser({ password: 'aaaaaaaaaaaaaaaa' }).expect(400);
    expect(guessable.body.message).toMatch(/^password is too easy to guess \(Repeated characters/);

    const user = await createUser(t, admin, ['viewer']);
    const token = (await loginAs(t, user.username, user.password)).accessToken;
    const weak = await as(token)
      .post(AUTH_ROUTES.password, { currentPassword: user.password, newPassword: 'qwertyuiop12' })
      .expect(400);
    expect(weak.body.message).toMatch(/^newPassword is too common/);
    const mine = await as(token)
      .post(AUTH_ROUTES.password, {
        currentPassword: user.password,
        newPassword: `${user.username}-x9`,
      })
      .expect(400);
    expect(mine.body.message).toBe('newPassword must not contain the username');
  });

  it('a password set by an administrator must be changed at first sign-in', async () => {
    const created = await newUser({}).expect(201);
    expect(created.body.mustChangePassword).toBe(true);
    const first = await loginAs(t, created.body.username, 'a-long-password-123');
    expect(first.mustChangePassword).toBe(true);
    const blocked = await as(first.accessToken).get(AUTH_ROUTES.roles).expect(403);
    expect(blocked.body.message).toBe('Password change required');
    await as(first.accessToken)
      .post(AUTH_ROUTES.password, {
        currentPassword: 'a-long-password-123',
        newPassword: 'violet-ferry-candle-83',
      })
      .expect(204);
    expect(
      (await loginAs(t, created.body.username, 'violet-ferry-candle-83')).mustChangePassword,
    ).toBe(false);
  });

  it("resets a member's password: sessions end, the new one must be changed (audited)", async () => {
    const user = await createUser(t, admin, ['viewer']);
    const session = await loginAs(t, user.username, user.password);
    const reset = (token: string, id: string, password: string) =>
      as(token).post(`${AUTH_ROUTES.users}/${id}/reset-password`, { password });

    const weak = await reset(admin, user.id, 'iloveyou1234').expect(400);
    expect(weak.body.message).toMatch(/^password is too common/);
    const short = await reset(admin, user.id, 'short').expect(400);
    expect(JSON.stringify(short.body.message)).toContain('password');
    await reset(admin, '00000000-0000-4000-8000-000000000000', 'temporary-lantern-42').expect(404);
    const viewerToken = session.accessToken;
    await reset(viewerToken, user.id, 'temporary-lantern-42').expect(403);
    const adminId = ((await as(admin).get(AUTH_ROUTES.me).expect(200)).body as { id: string }).id;
    await reset(admin, adminId, 'temporary-lantern-42').expect(400);

    await reset(admin, user.id, 'temporary-lantern-42').expect(204);
    await as(session.accessToken).get(AUTH_ROUTES.me).expect(401);
    await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: user.username, password: user.password })
      .expect(401);
    const fresh = await loginAs(t, user.username, 'temporary-lantern-42');
    expect(fresh.mustChangePassword).toBe(true);
    const [row] = await auditRows(t, { action: 'password_reset', target: `user:${user.id}` });
    expect(row).toMatchObject({ actor_name: 'admin', result: 'success' });

    // Someone with users:admin but less than the admin cannot take the admin's account over.
    const role = unique('helpdesk').toLowerCase();
    await as(admin)
      .post(AUTH_ROUTES.roles, { name: role, permissions: ['users:admin'] })
      .expect(201);
    const helpdesk = await createUser(t, admin, [role]);
    const helpdeskToken = (await loginAs(t, helpdesk.username, helpdesk.password)).accessToken;
    const takeover = await reset(helpdeskToken, adminId, 'temporary-lantern-42').expect(403);
    expect(takeover.body.message).toMatch(/^id: this account holds permissions you do not hold/);
    await as(helpdeskToken).post(`${AUTH_ROUTES.users}/${adminId}/reset-2fa`).expect(403);
  });

  it('edits custom roles: audited, holders see it at once, never beyond the editor, never the last admin', async () => {
    // An organisation of its own, whose only administrator holds a custom role.
    const org = await as(admin).post('/api/v1/platform/organizations', {
      name: 'Role edits',
      slug: unique('edits').toLowerCase(),
    });
    expect(org.status).toBe(201);
    const platform = await adminToken(t);
    const inOrg = (
      await as(platform).post('/api/v1/auth/switch-organization', { organizationId: org.body.id })
    ).body.accessToken as string;
    const boss = unique('boss').toLowerCase();
    const role = (
      await as(inOrg)
        .post(AUTH_ROUTES.roles, { name: boss, permissions: ['users:admin', 'alerts:read'] })
        .expect(201)
    ).body as RoleSummary;
    const keeper = await createUser(t, inOrg, [boss]);
    const me = (await as(inOrg).get(AUTH_ROUTES.me)).body as { id: string };
    await as(inOrg)
      .patch(`${AUTH_ROUTES.users}/${me.id}`, { roles: ['viewer'] })
      .expect(200);
    const keeperToken = (await loginAs(t, keeper.username, keeper.password)).accessToken;
    const whoami = async () =>
      ((await as(keeperToken).get(AUTH_ROUTES.whoami).expect(200)).body as WhoAmI).permissions;
    expect(await whoami()).toEqual(['alerts:read', 'users:admin']);

    const path = `${AUTH_ROUTES.roles}/${role.id}`;
    const beyond = await as(keeperToken).patch(path, {
      permissions: ['users:admin', 'audit:read'],
    });
    expect(beyond.status).toBe(403);
    expect(beyond.body.message).toBe(
      'permissions: you cannot grant permissions you do not hold (audit:read)',
    );
    const lastAdmin = await as(keeperToken).patch(path, { permissions: ['alerts:read'] });
    expect(lastAdmin.status).toBe(409);
    expect(lastAdmin.body.message).toMatch(/last active users:admin/);
    const unknown = await as(keeperToken).patch(path, { permissions: ['nuke:all'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('nuke:all');

    const updated = await as(keeperToken)
      .patch(path, { description: 'Runs the place', permissions: ['users:admin'] })
      .expect(200);
    expect(updated.body).toMatchObject({
      id: role.id,
      description: 'Runs the place',
      permissions: ['users:admin'],
      builtIn: false,
    });
    expect(await whoami()).toEqual(['users:admin']);
    const [row] = await auditRows(t, { action: 'role_updated', target: `role:${role.id}` });
    expect(row).toMatchObject({
      actor_id: keeper.id,
      result: 'success',
      details: { name: boss, added: [], removed: ['alerts:read'], description: 'Runs the place' },
    });

    const roles = (await as(keeperToken).get(AUTH_ROUTES.roles).expect(200)).body as RoleSummary[];
    const viewer = roles.find((r) => r.name === 'viewer') as RoleSummary;
    const builtIn = await as(keeperToken).patch(`${AUTH_ROUTES.roles}/${viewer.id}`, {
      description: 'mine now',
    });
    expect(builtIn.status).toBe(409);
    expect(builtIn.body.message).toBe('Built-in role viewer cannot be changed');
    await as(keeperToken)
      .patch(`${AUTH_ROUTES.roles}/00000000-0000-4000-8000-000000000000`, { description: 'x' })
      .expect(404);
  });
});
