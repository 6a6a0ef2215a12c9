import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { waitFor } from '@hyperion/api/testing';
import type { MonitorSummary } from '@hyperion/contracts';
import { MONITOR_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { createUser, unique } from './auth-helpers';
import { adminToken, loginAs, queryDb, startTestApp, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A real HTTP service on loopback whose answers take `delayMs` (changed by the test while it
 * runs): the "API" whose response time is monitored. (The shared loopback `httpTarget` answers
 * at once; a slow one is only needed here.)
 */
async function slowService(delayMs: number) {
  const service = { delayMs, url: '', close: async () => undefined as void };
  const server: Server = createServer((_req, res) => {
    setTimeout(() => res.writeHead(200).end('ok'), service.delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  service.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  service.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return service;
}

interface AlertRow {
  state: string;
  severity: string;
  occurrences: number;
  summary: string;
}

/**
 * Issue 11: "response time > 2 s" triggers an alert. A monitor with a response-time threshold
 * raises ONE warning alert (`monitor:<id>:slow`) after `retries + 1` UP checks slower than it,
 * and resolves it at the first check within it, through the outbox, once however many checks
 * race. Checks run through the API's "check now" against a real local HTTP server.
 */
describe('monitor response-time threshold', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let service: Awaited<ReturnType<typeof slowService>>;

  const api = (token = admin) => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) =>
      request(t.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) =>
      request(t.url).patch(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  const create = async (body: object): Promise<MonitorSummary> => {
    const res = await api().post(MONITOR_ROUTES.collection, body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as MonitorSummary;
  };

  /** An HTTP monitor of the slow service, alerting above 100 ms. */
  const slowMonitor = (name: string, retries: number) =>
    create({
      name: unique(name),
      kind: 'http',
      target: { url: service.url },
      retries,
      responseTimeThresholdMs: 100,
    });

  const check = async (id: string): Promise<MonitorSummary> => {
    const res = await api().post(MONITOR_ROUTES.check(id));
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    return res.body as MonitorSummary;
  };

  /** Every alert with this dedup key (one is expected, at most). */
  const alertsOf = (key: string) =>
    queryDb<AlertRow>(
      t,
      `SELECT "state", "severity", "occurrences", "summary" FROM "alert" WHERE "dedup_key" = $1`,
      [key],
    );
  const slowAlert = async (id: string) => {
    const rows = await alertsOf(`monitor:${id}:slow`);
    expect(rows.length).toBeLessThanOrEqual(1);
    return rows[0] ?? null;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    const user = await createUser(t, admin, ['viewer']);
    viewer = (await loginAs(t, user.username, user.password)).accessToken;
    service = await slowService(300);
  });

  afterAll(async () => {
    await service?.close();
    await t?.close();
  });

  beforeEach(() => {
    service.delayMs = 300;
  });

  it('raises one warning alert after retries + 1 slow checks, and resolves it when fast again', async () => {
    const monitor = await slowMonitor('api health', 1);
    expect(monitor).toMatchObject({ responseTimeThresholdMs: 100, slow: false, retries: 1 });

    // One slow check is within the retry: UP, not slow, no alert.
    const first = await check(monitor.id);
    expect(first).toMatchObject({ state: 'up', slow: false });
    expect(first.lastLatencyMs).toBeGreaterThan(100);
    await sleep(300);
    expect(await slowAlert(monitor.id)).toBeNull();

    expect(await check(monitor.id)).toMatchObject({ state: 'up', slow: true });
    const alert = await waitFor('the slow alert', async () => {
      const a = await slowAlert(monitor.id);
      return a?.state === 'triggered' ? a : null;
    });
    // A warning (the ingest's `medium`), saying how slow against what.
    expect(alert.severity).toBe('medium');
    expect(alert.summary).toMatch(
      new RegExp(`^${monitor.name} responds slowly: \\d{3,} ms \\(threshold 100 ms\\)$`),
    );
    // Still slow: nothing new; slow is not DOWN (no DOWN alert).
    expect(await check(monitor.id)).toMatchObject({ state: 'up', slow: true });
    await sleep(300);
    expect(await slowAlert(monitor.id)).toMatchObject({ state: 'triggered', occurrences: 1 });
    expect(await alertsOf(`monitor:${monitor.id}`)).toEqual([]);

    service.delayMs = 0;
    expect(await check(monitor.id)).toMatchObject({ state: 'up', slow: false });
    const resolved = await waitFor('the slow alert resolved', async () => {
      const a = await slowAlert(monitor.id);
      return a?.state === 'resolved' ? a : null;
    });
    expect(resolved.occurrences).toBe(1);
    // The list and the monitor itself say it too.
    const shown = (await api(viewer).get(MONITOR_ROUTES.item(monitor.id)).expect(200))
      .body as MonitorSummary;
    expect(shown).toMatchObject({ slow: false, responseTimeThresholdMs: 100 });
  });

  it('never raises two alerts, however many checks are forced at once', async () => {
    const monitor = await slowMonitor('racing api', 0);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => api().post(MONITOR_ROUTES.check(monitor.id))),
      );
      const statuses = answers.map((a) => a.status).sort();
      // One check at a time (the lease); the others are told so.
      expect(statuses).toEqual([200, ...new Array(9).fill(409)]);
    }
    expect((await api().get(MONITOR_ROUTES.item(monitor.id)).expect(200)).body).toMatchObject({
      slow: true,
    });
    await waitFor('the slow alert', async () => (await slowAlert(monitor.id))?.state);
    await sleep(500);
    const rows = await alertsOf(`monitor:${monitor.id}:slow`);
    expect(rows).toEqual([expect.objectContaining({ state: 'triggered', occurrences: 1 })]);
  });

  it('switched off while slow, resolves its alert at the next check', async () => {
    const monitor = await slowMonitor('switched off', 0);
    expect(await check(monitor.id)).toMatchObject({ slow: true });
    await waitFor('the slow alert', async () => (await slowAlert(monitor.id))?.state);

    const res = await api().patch(MONITOR_ROUTES.item(monitor.id), {
      clear: ['responseTimeThresholdMs'],
    });
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 200,
      body: { responseTimeThresholdMs: null, slow: true },
    });
    // Still as slow as before, but nothing to hold it to any more.
    expect(await check(monitor.id)).toMatchObject({ state: 'up', slow: false });
    await waitFor(
      'the slow alert resolved',
      async () => (await slowAlert(monitor.id))?.state === 'resolved',
    );
    expect(await check(monitor.id)).toMatchObject({ slow: false });
  });

  it('defaults to 2000 ms where latency is a response time, off elsewhere or when asked', async () => {
    const http = await create({
      name: unique('default http'),
      kind: 'http',
      target: { url: service.url },
      enabled: false,
    });
    expect(http).toMatchObject({ responseTimeThresholdMs: 2000, slow: false });
    const push = await create({ name: unique('default push'), kind: 'push', target: {} });
    expect(push.responseTimeThresholdMs).toBeNull();
    const off = await create({
      name: unique('off tcp'),
      kind: 'tcp',
      target: { host: '127.0.0.1', port: 9 },
      enabled: false,
      clear: ['responseTimeThresholdMs'],
    });
    expect(off.responseTimeThresholdMs).toBeNull();
    // A 2 s timeout leaves no room for the 2 s default: a slower check fails.
    const quick = await create({
      name: unique('quick tcp'),
      kind: 'tcp',
      target: { host: '127.0.0.1', port: 9 },
      enabled: false,
      timeoutSeconds: 2,
    });
    expect(quick.responseTimeThresholdMs).toBeNull();
    const changed = await api().patch(MONITOR_ROUTES.item(http.id), {
      responseTimeThresholdMs: 750,
    });
    expect(changed.body).toMatchObject({ responseTimeThresholdMs: 750 });
  });

  it('refuses a bad threshold naming responseTimeThresholdMs, and a viewer changing it (403)', async () => {
    const refused = async (send: () => request.Test, message: RegExp): Promise<void> => {
      const res = await send();
      expect({ status: res.status, message: [res.body.message].flat().join('\n') }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
    };
    const http = (extra: object) => ({
      name: unique('bad threshold'),
      kind: 'http',
      target: { url: service.url },
      enabled: false,
      ...extra,
    });
    const post = (body: object) => () => api().post(MONITOR_ROUTES.collection, body);
    await refused(post(http({ responseTimeThresholdMs: 0 })), /^responseTimeThresholdMs: /);
    await refused(post(http({ responseTimeThresholdMs: 'abc' })), /^responseTimeThresholdMs: /);
    await refused(post(http({ responseTimeThresholdMs: 1.5 })), /^responseTimeThresholdMs: /);
    await refused(
      post(http({ timeoutSeconds: 5, responseTimeThresholdMs: 5001 })),
      /^responseTimeThresholdMs: at most the timeout \(5000 ms\)/,
    );
    await refused(
      post({ name: unique('push'), kind: 'push', target: {}, responseTimeThresholdMs: 1000 }),
      /^responseTimeThresholdMs: push monitors have no response time/,
    );
    await refused(
      post({
        name: unique('disk'),
        kind: 'disk',
        target: { path: '/' },
        responseTimeThresholdMs: 1000,
      }),
      /^responseTimeThresholdMs: disk monitors have no response time/,
    );

    const monitor = await post(http({ responseTimeThresholdMs: 4000 }))().expect(201);
    const id = (monitor.body as MonitorSummary).id;
    const patch = (body: object) => () => api().patch(MONITOR_ROUTES.item(id), body);
    await refused(patch({ responseTimeThresholdMs: 0 }), /^responseTimeThresholdMs: /);
    await refused(patch({ responseTimeThresholdMs: 'abc' }), /^responseTimeThresholdMs: /);
    // A shorter timeout must still leave room for the threshold.
    await refused(patch({ timeoutSeconds: 3 }), /^responseTimeThresholdMs: at most the timeout/);
    await refused(
      patch({ responseTimeThresholdMs: 500, clear: ['responseTimeThresholdMs'] }),
      /^clear: responseTimeThresholdMs is both given and cleared/,
    );
    await refused(
      post(http({ responseTimeThresholdMs: 500, clear: ['responseTimeThresholdMs'] })),
      /^clear: responseTimeThresholdMs is both given and cleared/,
    );
    await refused(post(http({ clear: ['groupName'] })), /^clear: a list among responseTime/);

    const byViewer = await api(viewer).patch(MONITOR_ROUTES.item(id), {
      responseTimeThresholdMs: 100,
    });
    expect(byViewer.status).toBe(403);
    const byViewerOff = await api(viewer).patch(MONITOR_ROUTES.item(id), {
      clear: ['responseTimeThresholdMs'],
    });
    expect(byViewerOff.status).toBe(403);
    expect((await api(viewer).get(MONITOR_ROUTES.item(id)).expect(200)).body).toMatchObject({
      responseTimeThresholdMs: 4000,
      timeoutSeconds: 10,
    });
  });
});
