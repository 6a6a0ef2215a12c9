import type { AnomalyScoreResult } from '@hyperion/contracts';
import { ANALYTICS_ROUTES, ANOMALY_SCORE_RULES } from '@hyperion/contracts';
import request from 'supertest';

import { createUser, unique } from './auth-helpers';
import { adminToken, bearer, loginAs, startTestApp, TestApp } from './test-app';

const ROUTE = ANALYTICS_ROUTES.anomalyScore;
const STEP = 5 * 60_000;
const START = Date.UTC(2026, 0, 5);

/** Two days of 5-minute points around 50 with a little seeded noise, and one spike. */
function seriesWithSpike(spikeAt: number) {
  let state = 7;
  const uniform = () => (state = (state * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: 576 }, (_, i) => ({
    at: new Date(START + i * STEP).toISOString(),
    value: 50 + (uniform() - 0.5) * 2 + (i === spikeAt ? 25 : 0),
  }));
}

describe('POST /api/v1/analytics/anomalies/score (a series given in the request)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ ANOMALY_THRESHOLD: '0.95' });
    admin = await adminToken(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers a score and a label per point, the spike alone anomalous, with its band', async () => {
    const points = seriesWithSpike(400);
    const res = await bearer(t, admin).post(ROUTE, { points }).expect(200);
    const body = res.body as AnomalyScoreResult;
    expect(body.threshold).toBe(0.95);
    expect(body.points).toHaveLength(points.length);
    expect(body.anomalies).toBe(1);
    const spike = body.points[400];
    expect(spike).toMatchObject({ at: points[400]?.at, anomalous: true, label: 'anomaly' });
    expect(spike?.score).toBeGreaterThan(0.95);
    expect(spike?.value).toBeGreaterThan(spike?.upper ?? Infinity);
    const before = body.points[399];
    expect(before).toMatchObject({ anomalous: false, label: 'normal' });
    expect(before?.lower).toBeLessThan(before?.value ?? -Infinity);
    expect(before?.upper).toBeGreaterThan(before?.value ?? Infinity);
  });

  it('takes timestamps and values as two arrays (epoch milliseconds or seconds), and a threshold', async () => {
    const points = seriesWithSpike(300);
    const timestamps = points.map((p, i) => (i % 2 ? Date.parse(p.at) : Date.parse(p.at) / 1000));
    const values = points.map((p) => p.value);
    const res = await bearer(t, admin).post(ROUTE, { timestamps, values }).expect(200);
    const body = res.body as AnomalyScoreResult;
    expect(body.points.map((p) => p.at)).toEqual(points.map((p) => p.at));
    expect(body.points.filter((p) => p.anomalous).map((p) => p.at)).toEqual([points[300]?.at]);
    // A lower threshold flags more.
    const loose = (
      await bearer(t, admin).post(ROUTE, { timestamps, values, threshold: 0.3 }).expect(200)
    ).body as AnomalyScoreResult;
    expect(loose.threshold).toBe(0.3);
    expect(loose.anomalies).toBeGreaterThan(body.anomalies);
  });

  it('refuses bad series with a 400 naming the field', async () => {
    const good = seriesWithSpike(-1).slice(0, 3);
    const cases: [object, RegExp][] = [
      [{}, /^points: at least one point/],
      [{ points: [] }, /^points: at least one point/],
      [{ points: 'x' }, /points: an array/],
      [
        { points: [good[0], { at: good[1]?.at, value: 'high' }] },
        /^points\[1\]\.value: a finite number/,
      ],
      [{ points: [good[0], { value: 3 }] }, /^points\[1\]\.at: required/],
      [{ points: [good[0], { at: 'yesterday', value: 3 }] }, /^points\[1\]\.at: an ISO 8601 time/],
      [{ points: [good[0], 7] }, /^points\[1\]: an object/],
      [{ points: [good[2], good[0]] }, /^points\[1\]\.at: earlier than the point before it/],
      [{ timestamps: [1, 2], values: [1] }, /^values: as many as timestamps/],
      [{ timestamps: [1, 2], values: [1, null] }, /values\[1\]/],
      [{ points: good, timestamps: [1] }, /^points: give either points/],
      [{ points: good, threshold: 1 }, /^threshold: a number between 0 and 1/],
      [{ points: good, threshold: 'x' }, /threshold: a number between 0 and 1/],
      [{ points: good, extra: 1 }, /extra should not exist/],
      [{ values: new Array(ANOMALY_SCORE_RULES.pointsMax + 1).fill(1) }, /values: at most 50000/],
    ];
    for (const [body, message] of cases) {
      const res = await bearer(t, admin).post(ROUTE, body);
      expect({ body: JSON.stringify(body).slice(0, 80), status: res.status }).toEqual({
        body: JSON.stringify(body).slice(0, 80),
        status: 400,
      });
      const text = Array.isArray(res.body.message) ? res.body.message.join('; ') : res.body.message;
      expect(text).toMatch(message);
    }
  });

  it('reads bodies above BODY_LIMIT up to 8 MiB on this route only, and answers 413 beyond', async () => {
    const big = { values: new Array(2_300_000).fill(1.5), timestamps: [] };
    const res = await bearer(t, admin).post(ROUTE, big);
    expect(res.status).toBe(413);
    // 1.3 MB (over the 1 MB BODY_LIMIT) is read, and refused only for what it holds.
    const over = await bearer(t, admin).post(ROUTE, { values: new Array(430_000).fill(1.5) });
    expect(over.status).toBe(400);
    expect(String(over.body.message)).toMatch(/values: at most 50000/);
  });

  it('is behind monitoring:read', async () => {
    await request(t.url)
      .post(ROUTE)
      .send({ points: seriesWithSpike(-1) })
      .expect(401);
    const role = unique('no-monitoring').toLowerCase();
    await bearer(t, admin)
      .post('/api/v1/roles', { name: role, permissions: ['alerts:read'] })
      .expect(201);
    const user = await createUser(t, admin, [role]);
    const token = (await loginAs(t, user.username, user.password)).accessToken;
    const res = await bearer(t, token).post(ROUTE, { points: seriesWithSpike(-1) });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('Missing permission: monitoring:read');
  });

  it('keeps answering other requests while long series are scored in parallel', async () => {
    // 6,000 points: scored in about 0.1 s by the built server, seconds under Jest's module
    // sandbox (typed arrays run far slower there), long enough to overlap.
    const long = Array.from({ length: 6_000 }, (_, i) => ({
      at: START + i * STEP,
      value: 50 + Math.sin(i / 20),
    }));
    // `.then` sends each request now (supertest sends when awaited).
    const scorings = [0, 1, 2].map(() =>
      bearer(t, admin)
        .post(ROUTE, { points: long })
        .then((r) => r),
    );
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = await request(t.url).get('/health');
    const healthMs = Date.now() - started;
    const statuses = (await Promise.all(scorings)).map((r) => r.status).sort();
    expect(health.status).toBe(200);
    // Two at a time per instance; a third is told to come back.
    expect(statuses).toEqual([200, 200, 429]);
    expect(healthMs).toBeLessThan(5_000);
  });
});
