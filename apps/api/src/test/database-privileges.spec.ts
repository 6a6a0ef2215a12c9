import { appRoleName, DATABASE_URLS, DatabaseUrls } from '@hyperion/api/core';
import { testEndpoints } from '@hyperion/api/testing';
import { Client } from 'pg';

import request from 'supertest';
import { queryDb, startTestApp, TestApp } from './test-app';

/**
 * Done-means 2: the application connects as a role that is no superuser, owns nothing and
 * cannot bypass row-level security; on `audit_log` it may INSERT and SELECT, nothing else.
 */
describe('the application database role', () => {
  let t: TestApp;
  let client: Client;
  let urls: DatabaseUrls;

  beforeAll(async () => {
    t = await startTestApp();
    urls = t.app.get<DatabaseUrls>(DATABASE_URLS);
    client = new Client({ connectionString: urls.app });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await t?.close();
  });

  /** Runs `sql` as the application role in a transaction rolled back afterwards. */
  async function asApp(sql: string): Promise<string> {
    await client.query('BEGIN');
    try {
      await client.query(sql);
      return 'allowed';
    } catch (error) {
      return (error as Error).message;
    } finally {
      await client.query('ROLLBACK');
    }
  }

  it('is the role the application uses, and neither superuser, BYPASSRLS nor owner', async () => {
    expect(urls.managedAppRole).toBe(true);
    const [role] = await queryDb<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>(
      t,
      `SELECT rolsuper, rolbypassrls,
              (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1) AS owned
         FROM pg_roles WHERE rolname = $1`,
      [urls.appRole],
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, owned: 0 });
    const [{ user }] = (await client.query('SELECT current_user AS user')).rows;
    expect(user).toBe(urls.appRole);
  });

  it('may read and append to audit_log', async () => {
    expect(await asApp(`SELECT count(*) FROM audit_log`)).toBe('allowed');
    expect(
      await asApp(
        `SELECT set_config('hyperion.platform', 'on', true);
         INSERT INTO audit_log (actor_type, action, result) VALUES ('system', 'login', 'success')`,
      ),
    ).toBe('allowed');
  });

  it.each([
    ['UPDATE', `UPDATE audit_log SET action = 'login'`],
    ['DELETE', `DELETE FROM audit_log`],
    ['TRUNCATE', `TRUNCATE audit_log`],
    ['disable its trigger', `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`],
    ['disable every trigger', `ALTER TABLE audit_log DISABLE TRIGGER ALL`],
    ['drop its trigger', `DROP TRIGGER audit_log_no_update_delete ON audit_log`],
    ['switch off RLS', `ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY`],
    ['replica mode', `SET session_replication_role = replica`],
    ['read the migrations table', `SELECT * FROM typeorm_migrations`],
  ])('is refused: %s', async (_name, sql) => {
    expect(await asApp(sql)).toMatch(/permission denied|must be owner|must be superuser/);
  });
});

describe('DATABASE_APP_URL (an application role the operator provides)', () => {
  const ownerUrl = testEndpoints().databaseUrl;

  async function asOwner(sql: string): Promise<void> {
    const client = new Client({ connectionString: ownerUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  it('refuses a role that would bypass row-level security, saying why', async () => {
    // The owner (a superuser here) as the application's connection: never.
    const t = await startTestApp({ DATABASE_APP_URL: ownerUrl });
    try {
      const res = await request(t.url).get('/health/database');
      expect(res.status).toBe(503);
      expect(JSON.stringify(res.body.errors)).toContain(
        'must not bypass row-level security, but it is a superuser (DATABASE_APP_URL)',
      );
    } finally {
      await t.close();
    }
  });

  it('uses a plain login role given by the operator', async () => {
    const role = `ops_app_${Date.now().toString(36)}`;
    // What the README asks of the operator: a login role with the application's grants (here
    // through membership of the role Hyperion manages on this database).
    await asOwner(`CREATE ROLE "${role}" LOGIN PASSWORD 'operator-pw' NOINHERIT`);
    await asOwner(`GRANT "${appRoleName(ownerUrl)}" TO "${role}"`);
    await asOwner(`ALTER ROLE "${role}" INHERIT`);
    const appUrl = new URL(ownerUrl);
    appUrl.username = role;
    appUrl.password = 'operator-pw';
    const t = await startTestApp({ DATABASE_APP_URL: appUrl.toString() });
    try {
      const res = await request(t.url).get('/health/database');
      expect(res.status).toBe(200);
      expect(t.app.get<DatabaseUrls>(DATABASE_URLS)).toMatchObject({
        managedAppRole: false,
        appRole: role,
      });
    } finally {
      await t.close();
      await asOwner(`DROP ROLE IF EXISTS "${role}"`);
    }
  });
});
