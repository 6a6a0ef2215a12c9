import { randomBytes } from 'node:crypto';

import { AUTH_ROUTES, UserSummary } from '@hyperion/contracts';
import request from 'supertest';

import { queryDb, TestApp } from './test-app';

export interface AuditRow {
  id: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  user_agent: string | null;
  result: string;
  details: Record<string, unknown>;
}

/** Names unique to this run and file: the tests of a run share one database. */
export const unique = (base: string) => `${base}-${randomBytes(4).toString('hex')}`;

/** Rows of the audit_log table itself (not through the API), oldest first. */
export function auditRows(
  t: TestApp,
  where: { action: string; target?: string; actorName?: string; actorId?: string },
): Promise<AuditRow[]> {
  const clauses = ['action = $1'];
  const params: unknown[] = [where.action];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    clauses.push(`${column} = $${params.length}`);
  };
  add('target', where.target);
  add('actor_name', where.actorName);
  add('actor_id', where.actorId);
  return queryDb<AuditRow>(
    t,
    `SELECT id::text, actor_type, actor_id, actor_name, action, target, ip, user_agent, result,
            details
       FROM audit_log WHERE ${clauses.join(' AND ')} ORDER BY audit_log.id`,
    params,
  );
}

/** The client address as the API sees a local test client. */
export const LOCAL_IP = /^(127\.0\.0\.1|::ffff:127\.0\.0\.1|::1)$/;

/**
 * Creates a user through the API as the admin (token), with a password and roles. A password set
 * by an administrator must be changed at first sign-in; given the app's database (`config`), the
 * account is made ready to use by clearing `must_change_password` there (for tests that are not
 * about it), otherwise it is left pending.
 */
export async function createUser(
  t: Pick<TestApp, 'url'> & Partial<Pick<TestApp, 'config'>>,
  adminAccessToken: string,
  roles: string[],
  password = 'a-long-password-123',
): Promise<UserSummary & { password: string }> {
  const username = unique('user');
  const res = await request(t.url)
    .post(AUTH_ROUTES.users)
    .set('Authorization', `Bearer ${adminAccessToken}`)
    .send({
      username,
      email: `${username}@example.test`,
      displayName: `User ${username}`,
      password,
      roles,
    });
  if (res.status !== 201) {
    throw new Error(`creating ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  const created = res.body as UserSummary;
  if (!t.config) return { ...created, password };
  await queryDb(
    { config: t.config },
    `UPDATE app_user SET must_change_password = false WHERE id = $1`,
    [created.id],
  );
  return { ...created, mustChangePassword: false, password };
}
