import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, httpTarget, spawnedPeer, testEndpoints, waitFor } from '@hyperion/api/testing';
import type {
  MonitorListResponse,
  MonitorResult,
  MonitorSummary,
  MonitorUptime,
} from '@hyperion/contracts';
import { MONITOR_ROUTES } from '@hyperion/contracts';
import { Client } from 'pg';
import request from 'supertest';

import { createUser } from './auth-helpers';
import { adminToken, bearer, loginAs, queryDb, startTestApp, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A real redis-server on a spare loopback port, nothing kept on disk. */
const redisTarget = (port: number) => ({
  url: `redis://127.0.0.1:${port}`,
  ...spawnedPeer(
    'redis-server',
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    port,
  ),
});

/**
 * Done-means 2 of the monitoring issue: monitors against real local targets go DOWN after their
 * retries and raise one alert, and come back UP with it resolved — an HTTP server, a Redis on a
 * spare port, a PostgreSQL database that is dropped, a log file that gains an ERROR line, and a
 * push monitor that stops pushing. Checks run through the API's "check now" (the schedule's own
 * runs are tested on the push monitor), each under the monitor's lease.
 */
describe('dependency monitors against real local targets', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let dir: string;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];

  const api = (token = admin) => bearer(t, token);

  const create = async (body: object): Promise<MonitorSummary> => {
    const res = await api().post(MONITOR_ROUTES.collection, { retries: 0, ...body });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as MonitorSummary;
  };

  const check = async (id: string): Promise<MonitorSummary> => {
    const res = await api().post(MONITOR_ROUTES.check(id));
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    return res.body as MonitorSummary;
  };

  /** The monitor's alert: its state and how many times it was triggered, or null. */
  const alertOf = async (id: string) => {
    const [row] = await queryDb<{ state: string; occurrences: number; summary: string }>(
      t,
      `SELECT "state", "occurrences", "summary" FROM "alert" WHERE "dedup_key" = $1`,
      [`monitor:${id}`],
    );
    return row ?? null;
  };

  /** Down → one alert, triggered; then `recover`, a check → UP, the alert resolved. */
  async function downThenUp(
    monitor: MonitorSummary,
    recover: () => Promise<unknown>,
  ): Promise<MonitorSummary> {
    const down = await check(monitor.id);
    expect(down).toMatchObject({ state: 'down', failures: 1 });
    const alert = await waitFor('the alert', async () => {
      const a = await alertOf(monitor.id);
      return a?.state === 'triggered' ? a : null;
    });
    expect(alert.summary).toContain(`${monitor.name} is DOWN`);
    // Still down: no second alert, nothing pages twice.
    expect(await check(monitor.id)).toMatchObject({ state: 'down', failures: 2 });
    await sleep(300);
    expect((await alertOf(monitor.id))?.occurrences).toBe(1);
    await recover();
    expect(await check(monitor.id)).toMatchObject({ state: 'up', failures: 0 });
    await waitFor(
      'the alert resolved',
      async () => (await alertOf(monitor.id))?.state === 'resolved',
    );
    return down;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    const user = await createUser(t, admin, ['viewer']);
    viewer = (await loginAs(t, user.username, user.password)).accessToken;
    dir = mkdtempSync(join(tmpdir(), 'hyperion-monitors-'));
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('an HTTP server that goes down is DOWN after its retries, with one alert; back up, resolved', async () => {
    const target = httpTarget(await freePort(), {
      body: '{"status":"ok"}',
      contentType: 'application/json',
    });
    await target.start();
    cleanups.push(() => target.stop());
    const monitor = await create({
      name: 'api health',
      kind: 'http',
      target: { url: target.url, keyword: '"ok"' },
      retries: 1,
    });
    expect(monitor).toMatchObject({ state: 'pending', kind: 'http', retries: 1 });
    expect(await check(monitor.id)).toMatchObject({
      state: 'up',
      lastMessage: expect.stringMatching(/200/),
    });
    await target.stop();
    // One failure is within the retry: still UP, no alert.
    expect(await check(monitor.id)).toMatchObject({ state: 'up', failures: 1 });
    expect(await alertOf(monitor.id)).toBeNull();
    const down = await check(monitor.id);
    expect(down).toMatchObject({ state: 'down', failures: 2 });
    await waitFor('the alert', async () => (await alertOf(monitor.id))?.state === 'triggered');
    await target.start();
    expect(await check(monitor.id)).toMatchObject({ state: 'up', failures: 0 });
    await waitFor(
      'the alert resolved',
      async () => (await alertOf(monitor.id))?.state === 'resolved',
    );
    expect((await alertOf(monitor.id))?.occurrences).toBe(1);

    const results = (
      await api(viewer)
        .get(`${MONITOR_ROUTES.results(monitor.id)}?limit=10`)
        .expect(200)
    ).body as MonitorResult[];
    expect(results.map((r) => r.up)).toEqual([true, false, false, true]);
    const uptime = (await api(viewer).get(MONITOR_ROUTES.uptime(monitor.id)).expect(200))
      .body as MonitorUptime;
    expect(uptime).toEqual({ day: 50, week: 50, month: 50, quarter: 50 });
  });

  it('a Redis on a spare port that stops is DOWN with one alert; started again, resolved', async () => {
    const redis = redisTarget(await freePort());
    await redis.start();
    cleanups.push(() => redis.stop());
    const monitor = await create({ name: 'cache', kind: 'redis', target: { url: redis.url } });
    expect(await check(monitor.id)).toMatchObject({ state: 'up' });
    await redis.stop();
    await downThenUp(monitor, () => redis.start());
  });

  it('a PostgreSQL database that is dropped is DOWN with one alert; created again, resolved', async () => {
    const name = `hyperion_monitored_${Date.now()}`;
    const admin = new Client({ connectionString: testEndpoints().databaseUrl });
    await admin.connect();
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(testEndpoints().databaseUrl);
    url.pathname = `/${name}`;
    url.password = 'not-a-real-secret';
    const monitor = await create({
      name: 'orders db',
      kind: 'postgres',
      target: { connectionString: url.toString() },
    });
    // The connection string's password is never shown.
    expect(JSON.stringify(monitor)).not.toContain('not-a-real-secret');
    expect((monitor.target as { connectionString: string }).connectionString).toContain(':****@');
    expect(await check(monitor.id)).toMatchObject({ state: 'up' });
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    const down = await downThenUp(monitor, () => admin.query(`CREATE DATABASE "${name}"`));
    expect(down.lastMessage).toMatch(/does not exist/);
    expect(down.lastMessage).not.toContain('not-a-real-secret');
  });

  it('a log file that gains an ERROR line is DOWN with one alert; quiet again, resolved', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, 'INFO started\nERROR an old error, before the monitor existed\n');
    const monitor = await create({ name: 'app log', kind: 'log', target: { path } });
    expect(await check(monitor.id)).toMatchObject({ state: 'up' });
    appendFileSync(path, 'INFO request served\n');
    expect(await check(monitor.id)).toMatchObject({ state: 'up' });
    appendFileSync(path, 'ERROR database connection lost\n');
    const down = await check(monitor.id);
    expect(down).toMatchObject({ state: 'down' });
    expect(down.lastMessage).toContain('database connection lost');
    await waitFor('the alert', async () => (await alertOf(monitor.id))?.state === 'triggered');
    // Nothing new: UP again, the alert resolved.
    expect(await check(monitor.id)).toMatchObject({ state: 'up' });
    await waitFor(
      'the alert resolved',
      async () => (await alertOf(monitor.id))?.state === 'resolved',
    );
  });

  it('a push monitor that stops pushing goes DOWN on its schedule with one alert; a push resolves it', async () => {
    const monitor = await create({
      name: 'nightly backup',
      kind: 'push',
      target: {},
      intervalSeconds: 10,
    });
    expect(monitor.pushUrl).toMatch(/^\/api\/v1\/push\/[A-Za-z0-9_-]{32}$/);
    await request(t.url).get(`${monitor.pushUrl}?msg=backup%20done`).expect(200, { ok: true });
    expect((await api().get(MONITOR_ROUTES.item(monitor.id)).expect(200)).body).toMatchObject({
      state: 'up',
      lastMessage: 'Push received: backup done',
    });
    // Silence: the last push 30 s ago, its verdict due now; the scheduler's tick takes it.
    await queryDb(
      t,
      `UPDATE "monitor"
          SET "check_state" = jsonb_build_object('lastPushAt', now() - interval '30 seconds'),
              "next_check_at" = now() - interval '1 second'
        WHERE "id" = $1`,
      [monitor.id],
    );
    const down = await waitFor('the scheduled verdict', async () => {
      const m = (await api().get(MONITOR_ROUTES.item(monitor.id)).expect(200))
        .body as MonitorSummary;
      return m.state === 'down' ? m : null;
    });
    expect(down.lastMessage).toMatch(/^No push since 3\d s \(expected every 10 s\)$/);
    await waitFor('the alert', async () => (await alertOf(monitor.id))?.state === 'triggered');
    await request(t.url)
      .post(monitor.pushUrl as string)
      .expect(200, { ok: true });
    await waitFor(
      'the alert resolved',
      async () => (await alertOf(monitor.id))?.state === 'resolved',
    );
    await request(t.url).get('/api/v1/push/not-a-token-of-anyone-here').expect(404);
  });

  it('runs one check of a monitor at a time: 20 parallel "check now" give one verdict', async () => {
    const slow = createServer((_req, res) => setTimeout(() => res.writeHead(200).end('ok'), 500));
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => slow.close(r)));
    const monitor = await create({
      name: 'slow service',
      kind: 'http',
      target: { url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/` },
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api().post(MONITOR_ROUTES.check(monitor.id))),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...new Array(19).fill(409)]);
    const results = (await api().get(MONITOR_ROUTES.results(monitor.id)).expect(200)).body;
    expect(results).toHaveLength(1);
  });

  it('refuses bad monitors naming the field, and writes by a viewer (403)', async () => {
    const bad = async (body: object, message: RegExp) => {
      const res = await api().post(MONITOR_ROUTES.collection, body);
      expect({ status: res.status, message: [res.body.message].flat().join('\n') }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
    };
    await bad({ name: 'x', kind: 'smtp', target: {} }, /^kind: one of http, tcp/);
    await bad(
      { name: 'x', kind: 'http', target: { url: 'ftp://example.test' } },
      /^target\.url: a URL/,
    );
    await bad(
      { name: 'x', kind: 'http', target: { url: 'http://a.test', extra: 1 } },
      /^target\.extra: not a field/,
    );
    await bad(
      { name: 'x', kind: 'tcp', target: { host: '127.0.0.1', port: 70000 } },
      /^target\.port: a whole number from 1 to 65535/,
    );
    await bad(
      { name: 'x', kind: 'log', target: { path: 'relative.log' } },
      /^target\.path: an absolute path/,
    );
    await bad(
      { name: 'x', kind: 'log', target: { path: '/var/log/x', pattern: '(a+)+$' } },
      /^target\.pattern: a quantified group/,
    );
    await bad(
      { name: 'x', kind: 'http', target: { url: 'http://a.test' }, intervalSeconds: 5 },
      /^intervalSeconds: a whole number from 10/,
    );
    await bad(
      {
        name: 'x',
        kind: 'http',
        target: { url: 'http://a.test' },
        intervalSeconds: 10,
        timeoutSeconds: 10,
      },
      /^timeoutSeconds: must be shorter than the interval/,
    );
    const res = await api(viewer).post(MONITOR_ROUTES.collection, {
      name: 'nope',
      kind: 'tcp',
      target: { host: '127.0.0.1', port: 1 },
    });
    expect(res.status).toBe(403);
    await api(viewer).get(MONITOR_ROUTES.collection).expect(200);
  });

  it('lists one page of monitors with their last 24 hours, and refuses bad list queries naming the parameter', async () => {
    const made = await create({
      name: 'listed monitor',
      kind: 'tcp',
      target: { host: '127.0.0.1', port: 9 },
      enabled: false,
      tags: ['listed'],
    });
    const res = await api(viewer).get(`${MONITOR_ROUTES.collection}?tag=listed&limit=5`);
    expect(res.status).toBe(200);
    const page = res.body as MonitorListResponse;
    expect(page.total).toBe(1);
    expect(page.byState).toEqual({ paused: 1 });
    expect(page.items).toEqual([
      expect.objectContaining({
        id: made.id,
        state: 'paused',
        uptimeDay: null,
        latencyByHour: new Array(24).fill(null),
      }),
    ]);

    const refused = async (query: string, message: RegExp) => {
      const answer = await api().get(`${MONITOR_ROUTES.collection}?${query}`);
      expect({
        query,
        status: answer.status,
        message: [answer.body.message].flat().join('\n'),
      }).toEqual({
        query,
        status: 400,
        message: expect.stringMatching(message),
      });
    };
    await refused('limit=0', /^limit must be an integer between 1 and 100$/);
    await refused('limit=101', /^limit must be an integer between 1 and 100$/);
    await refused('limit=ten', /^limit must be an integer/);
    await refused('offset=-1', /^offset must be an integer/);
    await refused('state=sideways', /^state: one of pending, up, down, paused$/);
    await refused('state=up&state=down', /^state: one of/);
    await refused('kind=smtp', /^kind: one of http/);
    await refused('sort=random', /^sort: one of state, name$/);
    await refused(`q=${'x'.repeat(201)}`, /^q: a text of at most 200 characters$/);
    await refused('tag=no%20spaces', /^tag: one tag of letters/);
    await refused(`group=${'g'.repeat(65)}`, /^group: 1 to 64 characters/);
    await refused('organizationId=x', /organizationId should not exist/);
  });
});
