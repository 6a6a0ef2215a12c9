import { AuditService } from '@hyperion/api/audit';
import { RequestContext, SYSTEM_ACTOR } from '@hyperion/api/core';
import { AUDIT_ROUTES, AuditPage, AUTH_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { createUser, unique } from './auth-helpers';
import { adminToken, queryDb, startTestApp, TestApp } from './test-app';

describe('audit log API (GET /api/v1/audit, CSV export)', () => {
  let t: TestApp;
  let token: string;
  /** A target only this file writes, so the run's other rows do not interfere. */
  const target = unique('audit-target');

  beforeAll(async () => {
    t = await startTestApp();
    token = await adminToken(t);
    const audit = t.app.get(AuditService);
    const [{ id: organizationId }] = await queryDb<{ id: string }>(
      t,
      `SELECT id FROM organization WHERE slug = 'default'`,
    );
    const origin = {
      ip: '203.0.113.7',
      userAgent: 'spec',
      correlationId: 'c-audit',
      organizationId,
    };
    await RequestContext.run(origin, async () => {
      for (let i = 0; i < 5; i++) {
        await audit.record({
          actor: SYSTEM_ACTOR,
          action: 'service_control',
          target,
          result: i % 2 === 0 ? 'success' : 'failure',
          details: { n: i, note: i === 4 ? '=cmd|" /C calc"' : 'ok' },
        });
      }
    });
  });

  afterAll(async () => {
    await t.close();
  });

  const get = (query: Record<string, string | number>) =>
    request(t.url).get(AUDIT_ROUTES.search).query(query).set('Authorization', `Bearer ${token}`);

  it('filters by action and result, newest first', async () => {
    const res = await get({ action: 'service_control', actor: 'system', result: 'failure' }).expect(
      200,
    );
    const mine = (res.body as AuditPage).items.filter((e) => e.target === target);
    expect(mine.map((e) => e.details['n'])).toEqual([3, 1]);
    expect(mine[0]).toMatchObject({ actorType: 'system', ip: '203.0.113.7', result: 'failure' });
  });

  it('bounds by time: `from` inclusive, `to` exclusive', async () => {
    const mine = async (query: Record<string, string>) =>
      (
        (await get({ action: 'service_control', limit: 200, ...query }).expect(200))
          .body as AuditPage
      ).items
        .filter((e) => e.target === target)
        .map((e) => e.details['n']);
    const all = await mine({});
    expect(all).toHaveLength(5);
    expect(await mine({ to: '2000-01-01T00:00:00.000Z' })).toEqual([]);
    expect(await mine({ to: '2999-01-01T00:00:00.000Z' })).toEqual(all);
    expect(await mine({ from: '2999-01-01T00:00:00.000Z' })).toEqual([]);
    const [{ occurred_at: third }] = await queryDb<{ occurred_at: Date }>(
      t,
      `SELECT occurred_at FROM audit_log WHERE target = $1 AND details->>'n' = '2'`,
      [target],
    );
    // Strictly before the third entry's time: never the third (nor the later ones).
    const before = await mine({ to: third.toISOString() });
    expect(before).not.toContain(2);
    expect(before).not.toContain(4);
  });

  it('keeps instance-level entries (an unknown account) out of organisations, for platform administrators', async () => {
    const ghost = unique('ghost');
    await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: ghost, password: 'whatever-123' })
      .expect(401);
    const inOrg = await get({ action: 'failed_login', limit: 200 }).expect(200);
    expect((inOrg.body as AuditPage).items.some((e) => e.actorName === ghost)).toBe(false);
    const platform = await request(t.url)
      .get(AUDIT_ROUTES.platform)
      .query({ action: 'failed_login', limit: 200 })
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const entry = (platform.body as AuditPage).items.find((e) => e.actorName === ghost);
    expect(entry).toMatchObject({
      organizationId: null,
      result: 'failure',
      actorType: 'anonymous',
    });
    expect((platform.body as AuditPage).items.every((e) => e.organizationId === null)).toBe(true);
  });

  it('pages with the cursor without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await get({
        action: 'service_control',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      }).expect(200);
      const page = res.body as AuditPage;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(
        ...page.items.filter((e) => e.target === target).map((e) => e.details['n'] as number),
      );
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0]);
  });

  it('filters by time range', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    const res = await get({ action: 'service_control', from: future }).expect(200);
    expect((res.body as AuditPage).items).toEqual([]);
  });

  it('exports CSV with a header, one line per row, and formulas neutralised', async () => {
    const res = await request(t.url)
      .get(AUDIT_ROUTES.csv)
      .query({ action: 'service_control' })
      .set('Authorization', `Bearer ${token}`)
      .expect(200)
      .expect('Content-Type', /text\/csv/)
      .expect('Content-Disposition', /attachment; filename="hyperion-audit-.*\.csv"/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,occurred_at,actor_type,actor_id,actor_name,action,target,ip,user_agent,result,correlation_id,details,organization_id',
    );
    const mine = lines.filter((l) => l.includes(target));
    expect(mine).toHaveLength(5);
    expect(mine[0]).toContain(',service_control,');
    // The details JSON starts with "{", but the note inside carries a formula: it stays quoted text.
    expect(res.text).not.toMatch(/(^|,)=cmd/m);
  });

  it('rejects bad filters with 400 naming the field', async () => {
    const bad = await get({ action: 'drop_everything' }).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('action must be one of');
    const cursor = await get({ cursor: 'forged' }).expect(400);
    expect(JSON.stringify(cursor.body.message)).toContain('cursor is not valid');
    const from = await get({ from: 'yesterday' }).expect(400);
    expect(JSON.stringify(from.body.message)).toContain('from must be an ISO 8601');
  });

  it('is readable only with audit:read', async () => {
    const viewer = await createUser(t, token, ['viewer']);
    const login = await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: viewer.username, password: viewer.password })
      .expect(200);
    await request(t.url)
      .get(AUDIT_ROUTES.search)
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(403);
    await request(t.url).get(AUDIT_ROUTES.search).expect(401);
  });

  it('offers no way to change or delete a row: no route, and the database refuses', async () => {
    for (const method of ['put', 'patch', 'delete'] as const) {
      const res = await request(t.url)
        [method](`${AUDIT_ROUTES.search}/1`)
        .set('Authorization', `Bearer ${token}`);
      expect([404, 405]).toContain(res.status);
    }
    await expect(queryDb(t, `DELETE FROM audit_log WHERE target = $1`, [target])).rejects.toThrow(
      /append-only/,
    );
    await expect(
      queryDb(t, `UPDATE audit_log SET result = 'success' WHERE target = $1`, [target]),
    ).rejects.toThrow(/append-only/);
    const [{ count }] = await queryDb<{ count: string }>(
      t,
      `SELECT count(*) FROM audit_log WHERE target = $1`,
      [target],
    );
    expect(Number(count)).toBe(5);
  });
});
