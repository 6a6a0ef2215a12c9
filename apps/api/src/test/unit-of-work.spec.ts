import { randomUUID } from 'node:crypto';

import { Actor, OutboxRelay, RequestContext, UnitOfWork } from '@hyperion/api/core';
import { AuditAction, HealthReport, ServerToClientEvents } from '@hyperion/contracts';
import { Socket } from 'socket.io-client';

import { unique } from './auth-helpers';
import { adminToken, connectClient, queryDb, startTestApp, TestApp } from './test-app';

/**
 * Done-means 3: a change, its audit row and its outbox event commit or roll back together; an
 * event of a rolled-back change is never published, one of a committed change is.
 */
describe('one transaction per change (unit of work + outbox)', () => {
  let t: TestApp;
  let uow: UnitOfWork;
  let socket: Socket<ServerToClientEvents>;
  let organizationId: string;
  const received: HealthReport[] = [];

  const report = (marker: string) =>
    ({
      status: 'healthy',
      timestamp: new Date().toISOString(),
      errors: [marker],
    }) as unknown as HealthReport;

  beforeAll(async () => {
    t = await startTestApp();
    uow = t.app.get(UnitOfWork);
    const token = await adminToken(t);
    [{ organization_id: organizationId }] = await queryDb<{ organization_id: string }>(
      t,
      `SELECT organization_id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.username = 'admin' LIMIT 1`,
    );
    socket = await connectClient(
      t.url,
      (s) => s.on('health:status', (r) => received.push(r)),
      token,
    );
  });

  afterAll(async () => {
    socket?.disconnect();
    await t?.close();
  });

  function asAdmin<T>(fn: () => Promise<T>): Promise<T> {
    const actor: Actor = {
      type: 'system',
      id: 'system',
      name: 'uow-test',
      permissions: [],
      organizationId,
      sessionId: null,
    };
    return RequestContext.run({ actor, organizationId, correlationId: randomUUID() }, fn);
  }

  async function change(name: string, marker: string, action: AuditAction): Promise<void> {
    await asAdmin(() =>
      uow.run(async (tx) => {
        await tx.manager.query(
          `INSERT INTO role (organization_id, name, permissions) VALUES ($1, $2, '{}')`,
          [organizationId, name],
        );
        await tx.emit('health:status', report(marker));
        await tx.audit({ action, target: `role:${name}`, result: 'success' });
      }),
    );
  }

  const seen = (marker: string) => received.some((r) => r.errors?.includes(marker));

  async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (check()) return true;
      await new Promise((r) => setTimeout(r, 25));
    }
    return check();
  }

  it('commits the change, its audit row and its event together', async () => {
    const name = unique('committed').toLowerCase();
    await change(name, name, 'role_created');
    expect(await queryDb(t, `SELECT 1 FROM role WHERE name = $1`, [name])).toHaveLength(1);
    expect(
      await queryDb(t, `SELECT 1 FROM audit_log WHERE target = $1 AND organization_id = $2`, [
        `role:${name}`,
        organizationId,
      ]),
    ).toHaveLength(1);
    expect(await waitFor(() => seen(name), 3000)).toBe(true);
    await t.app.get(OutboxRelay).flush();
    expect(
      await queryDb(t, `SELECT 1 FROM outbox WHERE payload::text LIKE $1`, [`%${name}%`]),
    ).toHaveLength(0);
  });

  it('rolls everything back when the audit insert fails, and never publishes the event', async () => {
    const name = unique('rolled-back').toLowerCase();
    // An action longer than the column: the audit insert fails after the write and the emit.
    await expect(change(name, name, 'x'.repeat(100) as AuditAction)).rejects.toThrow(/too long/);
    expect(await queryDb(t, `SELECT 1 FROM role WHERE name = $1`, [name])).toHaveLength(0);
    expect(
      await queryDb(t, `SELECT 1 FROM audit_log WHERE target = $1`, [`role:${name}`]),
    ).toHaveLength(0);
    expect(
      await queryDb(t, `SELECT 1 FROM outbox WHERE payload::text LIKE $1`, [`%${name}%`]),
    ).toHaveLength(0);
    await t.app.get(OutboxRelay).flush();
    expect(await waitFor(() => seen(name), 1500)).toBe(false);
  });

  it('relays an event left in the outbox by a process that died after commit', async () => {
    const marker = unique('orphan');
    await queryDb(
      t,
      `INSERT INTO outbox (organization_id, kind, payload) VALUES ($1, 'event', $2)`,
      [
        organizationId,
        JSON.stringify({
          event: 'health:status',
          payload: report(marker),
          scope: { organizationId },
        }),
      ],
    );
    // No kick: the periodic sweep finds it.
    expect(await waitFor(() => seen(marker), 5000)).toBe(true);
  });

  it('relays each outbox row exactly once when two instances drain at the same moment', async () => {
    // A second instance of the same deployment (same Redis prefix: its events reach this socket too).
    const second = await startTestApp({ REDIS_PREFIX: t.config.redisPrefix });
    try {
      const marker = unique('once');
      const rows = Array.from({ length: 40 }, (_, i) =>
        JSON.stringify({
          event: 'health:status',
          payload: report(`${marker}-${i}`),
          scope: { organizationId },
        }),
      );
      await queryDb(
        t,
        `INSERT INTO outbox (organization_id, kind, payload)
         SELECT $1, 'event', p::jsonb FROM unnest($2::text[]) AS p`,
        [organizationId, rows],
      );
      // Both relays claim rows at once; a row may go through one of them only.
      await Promise.all([t.app.get(OutboxRelay).flush(), second.app.get(OutboxRelay).flush()]);
      await new Promise((r) => setTimeout(r, 1500));
      const mine = received.filter((r) => r.errors?.[0]?.startsWith(`${marker}-`));
      expect(mine).toHaveLength(40);
      expect(new Set(mine.map((r) => r.errors?.[0])).size).toBe(40);
    } finally {
      await second.close();
    }
  });
});
