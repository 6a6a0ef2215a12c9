import { freePort, spawnedPeer, waitFor } from '@hyperion/api/testing';
import type { HostPage, HostSeries, HostSummary, TokenPair } from '@hyperion/contracts';
import { HOST_ROUTES, ORGANIZATION_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { createUser, unique } from './auth-helpers';
import { adminToken, bearer, loginAs, queryDb, startTestApp, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Debian package's real node_exporter on a loopback port, killed and started at will. */
const nodeExporter = (port: number) => ({
  url: `http://127.0.0.1:${port}/metrics`,
  ...spawnedPeer(
    'node_exporter',
    '/usr/bin/prometheus-node-exporter',
    [`--web.listen-address=127.0.0.1:${port}`],
    port,
  ),
});

/**
 * Done-means 1 of the monitoring issue for hosts, over HTTP on the real app: this host sampled
 * on its schedule, stored and answered by the range query; a real prometheus-node-exporter on a
 * loopback port scraped (CPU and memory after two scrapes); the exporter killed → DOWN and one
 * alert, started again → UP and the alert resolved; validation naming fields; a viewer's write
 * refused; another organisation's host not found.
 */
describe('hosts over HTTP', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];

  const api = (token = admin) => bearer(t, token);

  const create = async (body: object, token = admin): Promise<HostSummary> => {
    const res = await api(token).post(HOST_ROUTES.collection, body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as HostSummary;
  };

  const sampleNow = async (id: string): Promise<HostSummary> => {
    const res = await api().post(HOST_ROUTES.sample(id));
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    return res.body as HostSummary;
  };

  /** The host's DOWN alert: its state and how many times it was triggered, or null. */
  const downAlert = async (id: string) => {
    const [row] = await queryDb<{ state: string; occurrences: number; summary: string }>(
      t,
      `SELECT "state", "occurrences", "summary" FROM "alert" WHERE "dedup_key" = $1`,
      [`host:${id}:down`],
    );
    return row ?? null;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    const user = await createUser(t, admin, ['viewer']);
    viewer = (await loginAs(t, user.username, user.password)).accessToken;
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await t?.close();
  });

  it('samples this host on its schedule, stores the sample and answers it by range', async () => {
    const host = await create({ name: 'this host', kind: 'local', intervalSeconds: 5 });
    expect(host).toMatchObject({ kind: 'local', state: 'pending', url: null, latest: null });

    // The scheduler's leader queues its first sample within the first interval.
    const sampled = await waitFor('the first scheduled sample', async () => {
      const h = (await api(viewer).get(HOST_ROUTES.item(host.id)).expect(200)).body as HostSummary;
      return h.lastSampleAt ? h : null;
    });
    expect(sampled).toMatchObject({ state: 'up', lastError: null });
    expect(sampled.latest?.memoryPercent).toBeGreaterThan(0);
    expect(sampled.latest?.cpuPercent).toBeGreaterThanOrEqual(0);

    const series = (await api(viewer).get(HOST_ROUTES.samples(host.id)).expect(200))
      .body as HostSeries;
    expect(series).toMatchObject({ hostId: host.id, resolution: 'raw', stepSeconds: 5 });
    expect(series.points.length).toBeGreaterThanOrEqual(1);
    const point = series.points[0];
    expect(point.sample).toMatchObject({
      hostId: host.id,
      cpu: { perCorePercent: expect.any(Array) },
      memory: { totalBytes: expect.any(Number) },
    });
    expect(point.sample?.cpu.perCorePercent.length).toBeGreaterThan(0);
    expect(point.sample?.storage.some((s) => s.mount === '/')).toBe(true);
    expect(point.sample?.uptimeSeconds).toBeGreaterThan(0);

    // The list carries the same figures, page by page.
    const page = (await api(viewer).get(`${HOST_ROUTES.collection}?limit=50`).expect(200))
      .body as HostPage;
    expect(page.items.find((h) => h.id === host.id)?.latest).not.toBeNull();
    await api().patch(HOST_ROUTES.item(host.id), { enabled: false }).expect(200);
  });

  it('scrapes a real node_exporter (CPU and memory after two scrapes); killed → DOWN with one alert; back → resolved', async () => {
    const exporter = nodeExporter(await freePort());
    await exporter.start();
    cleanups.push(() => exporter.stop());
    const host = await create({
      name: 'remote box',
      kind: 'node_exporter',
      url: exporter.url,
      // Scheduled samples kept out of the way: each sample here is "sample now".
      intervalSeconds: 3600,
    });

    const first = await sampleNow(host.id);
    expect(first).toMatchObject({ state: 'up', lastError: null, lastSampleAt: null, latest: null });
    await sleep(1100);
    const second = await sampleNow(host.id);
    expect(second).toMatchObject({ state: 'up', lastError: null });
    expect(second.latest?.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(second.latest?.cpuPercent).toBeLessThanOrEqual(100);
    expect(second.latest?.memoryPercent).toBeGreaterThan(0);
    const series = (await api().get(HOST_ROUTES.samples(host.id)).expect(200)).body as HostSeries;
    expect(series.points).toHaveLength(1);
    const sample = series.points[0].sample;
    expect(sample?.memory.totalBytes).toBeGreaterThan(0);
    expect(sample?.cpu.perCorePercent.length).toBeGreaterThan(0);
    expect(sample?.network.some((n) => n.interface === 'lo')).toBe(false);

    await exporter.stop();
    // One failure may be a blip; the second in a row is DOWN, and raises one alert.
    expect(await sampleNow(host.id)).toMatchObject({ state: 'up', lastError: expect.any(String) });
    const down = await sampleNow(host.id);
    expect(down).toMatchObject({ state: 'down' });
    expect(down.lastError).toMatch(/ECONNREFUSED/);
    const alert = await waitFor('the alert', async () => {
      const a = await downAlert(host.id);
      return a?.state === 'triggered' ? a : null;
    });
    expect(alert.summary).toContain('remote box is DOWN');
    // Still down: nothing pages twice.
    expect(await sampleNow(host.id)).toMatchObject({ state: 'down' });
    await sleep(300);
    expect((await downAlert(host.id))?.occurrences).toBe(1);

    await exporter.start();
    expect(await sampleNow(host.id)).toMatchObject({ state: 'up', lastError: null });
    await waitFor(
      'the alert resolved',
      async () => (await downAlert(host.id))?.state === 'resolved',
    );
  });

  it('refuses bad hosts and bad ranges naming the field, and writes by a viewer (403)', async () => {
    const bad = async (res: request.Response, message: RegExp) => {
      expect({ status: res.status, message: [res.body.message].flat().join('\n') }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
    };
    const post = (body: object) => api().post(HOST_ROUTES.collection, body);
    await bad(await post({ name: 'x', kind: 'ssh' }), /^kind: one of local, node_exporter/);
    await bad(await post({ name: ' x', kind: 'local' }), /^name: 1 to 128 characters/);
    await bad(
      await post({ name: 'x', kind: 'node_exporter', url: 'file:///etc/passwd' }),
      /^url: only http:\/\/ and https:\/\//,
    );
    await bad(
      await post({ name: 'x', kind: 'node_exporter', url: 'http://u:p@10.0.0.1:9100/metrics' }),
      /^url: must not hold a user or password/,
    );
    await bad(await post({ name: 'x', kind: 'node_exporter' }), /^url: required/);
    await bad(
      await post({ name: 'x', kind: 'local', intervalSeconds: 2 }),
      /^intervalSeconds: a whole number from 5 to 3600/,
    );
    await bad(
      await post({ name: 'x', kind: 'local', thresholds: { cpuPercent: 150 } }),
      /^thresholds\.cpuPercent: a whole percentage from 1 to 100/,
    );
    await bad(
      await post({ name: 'x', kind: 'local', thresholds: { forSeconds: -1 } }),
      /^thresholds\.forSeconds: a whole number of seconds/,
    );

    const host = await create({ name: 'ranges', kind: 'local', enabled: false });
    const range = (query: string) => api().get(`${HOST_ROUTES.samples(host.id)}?${query}`);
    await bad(await range('from=yesterday'), /^from: an ISO 8601 date and time/);
    await bad(
      await range('from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z'),
      /^from: must be before to/,
    );
    await bad(
      await range('from=2026-03-01T00:00:00Z&to=2026-03-01T07:00:00Z&resolution=raw'),
      /^resolution: raw samples cover at most 6 hours/,
    );
    await bad(await range('resolution=5m'), /^resolution: one of auto, raw, 1m, 1h/);
    await bad(
      await api().get(`${HOST_ROUTES.collection}?cursor=forged`),
      /^cursor: the nextCursor/,
    );

    const refused = await api(viewer).post(HOST_ROUTES.collection, { name: 'nope', kind: 'local' });
    expect(refused.status).toBe(403);
    expect((await api(viewer).post(HOST_ROUTES.sample(host.id))).status).toBe(403);
    await api(viewer).get(HOST_ROUTES.collection).expect(200);
  });

  it("answers 404 for another organisation's host, on every route", async () => {
    const created = await api().post(ORGANIZATION_ROUTES.platformOrganizations, {
      name: 'Hosts B',
      slug: unique('hosts-b').toLowerCase(),
    });
    expect(created.status).toBe(201);
    const switched = await api().post(ORGANIZATION_ROUTES.switch, {
      organizationId: created.body.id,
    });
    expect(switched.status).toBe(200);
    const other = (switched.body as TokenPair).accessToken;
    // Switching moved the admin's session to B: a new sign-in acts in the first organisation.
    admin = await adminToken(t);
    const theirs = await create({ name: 'their box', kind: 'local', enabled: false }, other);

    await api().get(HOST_ROUTES.item(theirs.id)).expect(404);
    await api().get(HOST_ROUTES.samples(theirs.id)).expect(404);
    await api().post(HOST_ROUTES.sample(theirs.id)).expect(404);
    await api().patch(HOST_ROUTES.item(theirs.id), { name: 'mine now' }).expect(404);
    await request(t.url)
      .delete(HOST_ROUTES.item(theirs.id))
      .set('Authorization', `Bearer ${admin}`)
      .expect(404);
    const mine = (await api().get(`${HOST_ROUTES.collection}?limit=500`).expect(200))
      .body as HostPage;
    expect(mine.items.map((h) => h.id)).not.toContain(theirs.id);
    expect((await api(other).get(HOST_ROUTES.item(theirs.id)).expect(200)).body).toMatchObject({
      name: 'their box',
    });
  });
});
