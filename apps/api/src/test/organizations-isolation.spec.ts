import { DATABASE_URLS, DatabaseUrls } from '@hyperion/api/core';
import { AUDIT_ROUTES, AUTH_ROUTES, ORGANIZATION_ROUTES, TokenPair } from '@hyperion/contracts';
import { Client } from 'pg';
import request from 'supertest';

import { unique } from './auth-helpers';
import {
  adminToken,
  bearer,
  loginSession,
  queryDb,
  refreshWithCookie,
  startTestApp,
  TestApp,
} from './test-app';

/** Rows each organisation gets in every tenant table, through the API. */
interface Seeded {
  token: string;
  roleId: string;
  roleName: string;
  keyId: string;
  keyName: string;
  userId: string;
  username: string;
}

/**
 * Done-means 1 of the organisations issue: two organisations with rows in every tenant table;
 * nothing of B reaches A's member through any endpoint; the application role sees nothing with
 * no organisation set; and every table with `organization_id` has forced RLS and a policy.
 */
describe('organisation isolation', () => {
  let t: TestApp;
  let a: Seeded;
  let b: Seeded;

  const api = (token: string) => bearer(t, token);

  async function seed(token: string): Promise<Seeded> {
    const roleName = unique('role').toLowerCase();
    const role = await api(token).post(AUTH_ROUTES.roles, {
      name: roleName,
      permissions: ['alerts:read'],
    });
    expect(role.status).toBe(201);
    const keyName = unique('key');
    const key = await api(token).post(AUTH_ROUTES.apiKeys, {
      name: keyName,
      permissions: ['alerts:read'],
    });
    expect(key.status).toBe(201);
    const username = unique('member');
    const user = await api(token).post(AUTH_ROUTES.users, {
      username,
      email: `${username}@example.test`,
      displayName: username,
      password: 'a-long-password-123',
      roles: [roleName],
    });
    expect(user.status).toBe(201);
    // An administrator-set password must be changed at first sign-in; not what this file tests.
    await queryDb(t, `UPDATE app_user SET must_change_password = false WHERE id = $1`, [
      user.body.id,
    ]);
    return {
      token,
      roleId: role.body.id,
      roleName,
      keyId: key.body.id,
      keyName,
      userId: user.body.id,
      username,
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    const tokenA = await adminToken(t);
    const created = await api(tokenA).post(ORGANIZATION_ROUTES.platformOrganizations, {
      name: 'Isolation B',
      slug: unique('iso-b').toLowerCase(),
    });
    expect(created.status).toBe(201);
    const switched = await api(tokenA).post(ORGANIZATION_ROUTES.switch, {
      organizationId: created.body.id,
    });
    expect(switched.status).toBe(200);
    b = await seed((switched.body as TokenPair).accessToken);
    a = await seed(await adminToken(t));
  });

  afterAll(() => t?.close());

  it("lists nothing of the other organisation's roles, keys, members or audit entries", async () => {
    for (const [me, other] of [
      [a, b],
      [b, a],
    ]) {
      const roles = await api(me.token).get(AUTH_ROUTES.roles);
      expect(roles.body.map((r: { id: string }) => r.id)).toContain(me.roleId);
      expect(roles.body.map((r: { id: string }) => r.id)).not.toContain(other.roleId);
      const keys = await api(me.token).get(AUTH_ROUTES.apiKeys);
      expect(keys.body.map((k: { id: string }) => k.id)).toContain(me.keyId);
      expect(keys.body.map((k: { id: string }) => k.id)).not.toContain(other.keyId);
      const users = await api(me.token).get(`${AUTH_ROUTES.users}?limit=200`);
      expect(users.body.items.map((u: { id: string }) => u.id)).toContain(me.userId);
      expect(users.body.items.map((u: { id: string }) => u.id)).not.toContain(other.userId);
      const audit = await api(me.token).get(`${AUDIT_ROUTES.search}?limit=200`);
      const text = JSON.stringify(audit.body.items);
      expect(text).toContain(me.keyName);
      expect(text).not.toContain(other.keyName);
      expect(text).not.toContain(other.username);
      const csv = await api(me.token).get(AUDIT_ROUTES.csv);
      expect(csv.text).toContain(me.keyName);
      expect(csv.text).not.toContain(other.keyName);
    }
  });

  it('keeps organisations apart under 60 interleaved parallel requests from both', async () => {
    const calls = Array.from({ length: 60 }, (_, i) => {
      const [me, other] = i % 2 === 0 ? [a, b] : [b, a];
      // The users list is paged, and other suites add users to the run's first organisation:
      // ask for this seed's member by name, so the page always holds it.
      const path = [
        AUTH_ROUTES.roles,
        AUTH_ROUTES.apiKeys,
        `${AUTH_ROUTES.users}?q=${encodeURIComponent(me.username)}`,
      ][i % 3];
      return api(me.token)
        .get(path)
        .then((res) => ({ res, me, other }));
    });
    for (const { res, me, other } of await Promise.all(calls)) {
      expect(res.status).toBe(200);
      // The users list is a page ({ items, total }); roles and keys are arrays.
      const rows = (Array.isArray(res.body) ? res.body : res.body.items) as { id: string }[];
      const ids = rows.map((row) => row.id);
      expect(ids).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(ids).not.toEqual(expect.arrayContaining([other.roleId]));
      expect(ids).not.toEqual(expect.arrayContaining([other.keyId]));
      expect(ids).not.toEqual(expect.arrayContaining([other.userId]));
      expect([me.roleId, me.keyId, me.userId].some((id) => ids.includes(id))).toBe(true);
    }
  });

  it("answers 404 to the other organisation's ids on every update and delete", async () => {
    const asA = api(a.token);
    expect((await asA.patch(`${AUTH_ROUTES.users}/${b.userId}`, { displayName: 'x' })).status).toBe(
      404,
    );
    expect((await asA.delete(`${AUTH_ROUTES.users}/${b.userId}/membership`)).status).toBe(404);
    expect((await asA.delete(`${AUTH_ROUTES.roles}/${b.roleId}`)).status).toBe(404);
    expect((await asA.delete(`${AUTH_ROUTES.apiKeys}/${b.keyId}`)).status).toBe(404);
    // And B's rows are untouched.
    const [role] = await queryDb(t, `SELECT id FROM role WHERE id = $1`, [b.roleId]);
    expect(role).toBeDefined();
    const [key] = await queryDb<{ revoked_at: Date | null }>(
      t,
      `SELECT revoked_at FROM api_key WHERE id = $1`,
      [b.keyId],
    );
    expect(key.revoked_at).toBeNull();
  });

  it("refuses a role of the other organisation when setting a member's roles", async () => {
    const res = await api(a.token).patch(`${AUTH_ROUTES.users}/${a.userId}`, {
      roles: [b.roleName],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(`roles: unknown role ${b.roleName}`);
  });

  it('an API key of one organisation reads only that organisation', async () => {
    const created = await api(a.token).post(AUTH_ROUTES.apiKeys, {
      name: unique('reader'),
      permissions: ['users:admin'],
    });
    const roles = await request(t.url).get(AUTH_ROUTES.roles).set('X-API-Key', created.body.key);
    expect(roles.status).toBe(200);
    expect(roles.body.map((r: { id: string }) => r.id)).toContain(a.roleId);
    expect(roles.body.map((r: { id: string }) => r.id)).not.toContain(b.roleId);
  });

  it('refuses to switch into an organisation the caller does not belong to, and platform routes to non-platform admins', async () => {
    const login = await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: a.username, password: 'a-long-password-123' });
    expect(login.status).toBe(200);
    const member = api((login.body as TokenPair).accessToken);
    const [{ organization_id: orgB }] = await queryDb<{ organization_id: string }>(
      t,
      `SELECT organization_id FROM role WHERE id = $1`,
      [b.roleId],
    );
    const refused = await member.post(ORGANIZATION_ROUTES.switch, { organizationId: orgB });
    expect(refused.status).toBe(404);
    expect(refused.body.message).toMatch(/^organizationId: /);
    expect((await member.post(ORGANIZATION_ROUTES.switch, { organizationId: 'nope' })).status).toBe(
      400,
    );
    const platform = await member.post(ORGANIZATION_ROUTES.platformOrganizations, {
      name: 'Sneaky',
      slug: unique('sneaky').toLowerCase(),
    });
    expect(platform.status).toBe(403);
    expect(platform.body.message).toBe('Missing permission: platform:admin');
  });

  it('disabling an organisation stops its sessions at once; enabling lets them sign in again', async () => {
    const [{ organization_id: orgB }] = await queryDb<{ organization_id: string }>(
      t,
      `SELECT organization_id FROM role WHERE id = $1`,
      [b.roleId],
    );
    const admin = api(a.token);
    expect((await api(b.token).get(AUTH_ROUTES.roles)).status).toBe(200);
    const off = await admin.patch(`${ORGANIZATION_ROUTES.platformOrganizations}/${orgB}`, {
      disabled: true,
    });
    expect(off.status).toBe(200);
    expect(off.body.disabledAt).not.toBeNull();
    expect((await api(b.token).get(AUTH_ROUTES.roles)).status).toBe(401);
    const list = await admin.get(ORGANIZATION_ROUTES.platformOrganizations);
    expect(list.body.find((o: { id: string }) => o.id === orgB)).toMatchObject({ memberCount: 2 });
    const on = await admin.patch(`${ORGANIZATION_ROUTES.platformOrganizations}/${orgB}`, {
      disabled: false,
    });
    expect(on.body.disabledAt).toBeNull();
    const back = await admin.post(ORGANIZATION_ROUTES.switch, { organizationId: orgB });
    expect(back.status).toBe(200);
  });

  const tenantTables = async () =>
    (
      await queryDb<{ table_name: string }>(
        t,
        `SELECT c.table_name FROM information_schema.columns c
           JOIN information_schema.tables tb USING (table_schema, table_name)
          WHERE c.table_schema = 'public' AND c.column_name = 'organization_id'
            AND tb.table_type = 'BASE TABLE'
          ORDER BY 1`,
      )
    ).map((r) => r.table_name);

  it('every table with organization_id has forced row-level security and a policy', async () => {
    const tables = await tenantTables();
    expect(tables).toEqual(
      expect.arrayContaining([
        'api_key',
        'audit_log',
        'membership',
        'membership_role',
        'outbox',
        'refresh_token',
        'role',
      ]),
    );
    const rows = await queryDb<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
      policies: number;
    }>(
      t,
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
              (SELECT count(*)::int FROM pg_policies p WHERE p.tablename = c.relname) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = ANY($1)`,
      [tables],
    );
    const unprotected = rows
      .filter((r) => !r.relrowsecurity || !r.relforcerowsecurity || r.policies === 0)
      .map((r) => r.relname);
    expect(unprotected).toEqual([]);
    expect(rows).toHaveLength(tables.length);
  });

  it('every unique key of a tenant table includes organization_id (but a surrogate id)', async () => {
    const keys = await queryDb<{ table: string; name: string; columns: string[] }>(
      t,
      `SELECT c.conrelid::regclass::text AS table, c.conname AS name,
              array_agg(a.attname::text ORDER BY a.attname) AS columns
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.contype IN ('u', 'p') AND c.conrelid::regclass::text = ANY ($1)
        GROUP BY 1, 2`,
      [await tenantTables()],
    );
    const offending = keys
      .filter((k) => !k.columns.includes('organization_id'))
      .filter((k) => !(k.columns.length === 1 && k.columns[0] === 'id'))
      .map((k) => `${k.table}.${k.name}(${k.columns.join(', ')})`);
    expect(offending).toEqual([]);
    expect(keys.length).toBeGreaterThan(7);
  });

  it('as the application role with no organisation set, every tenant table shows zero rows', async () => {
    const urls = t.app.get<DatabaseUrls>(DATABASE_URLS);
    const client = new Client({ connectionString: urls.app });
    await client.connect();
    try {
      const [{ current_user: role }] = (await client.query('SELECT current_user')).rows;
      expect(role).toBe(urls.appRole);
      for (const table of await tenantTables()) {
        const owner = await queryDb<{ n: number }>(t, `SELECT count(*)::int AS n FROM "${table}"`);
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${table}"`);
        expect({ table, visible: rows[0].n }).toEqual({ table, visible: 0 });
        if (['role', 'membership', 'api_key', 'audit_log'].includes(table)) {
          expect({ table, exists: owner[0].n > 0 }).toEqual({ table, exists: true });
        }
      }
      // Setting an organisation shows that organisation's rows, and only them.
      await client.query('BEGIN');
      const [{ organization_id: orgB }] = await queryDb<{ organization_id: string }>(
        t,
        `SELECT organization_id FROM role WHERE id = $1`,
        [b.roleId],
      );
      await client.query(`SELECT set_config('hyperion.organization_id', $1, true)`, [orgB]);
      const { rows } = await client.query(`SELECT DISTINCT organization_id FROM role`);
      expect(rows).toEqual([{ organization_id: orgB }]);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });

  it('a member removed from the organisation loses its session there at once, refresh included', async () => {
    const pair = await loginSession(t, a.username, 'a-long-password-123');
    expect((await api(pair.accessToken).get(AUTH_ROUTES.me)).status).toBe(200);
    // (The admin's earlier token ended when it switched organisation: sign in again.)
    const admin = api(await adminToken(t));
    expect((await admin.delete(`${AUTH_ROUTES.users}/${a.userId}/membership`)).status).toBe(204);
    expect((await api(pair.accessToken).get(AUTH_ROUTES.me)).status).toBe(401);
    const refresh = await refreshWithCookie(t, pair.cookie);
    expect(refresh.status).toBe(401);
    const again = await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: a.username, password: 'a-long-password-123' });
    expect(again.status).toBe(403);
    expect(again.body.message).toMatch(/does not belong to any organisation/);
  });
});
