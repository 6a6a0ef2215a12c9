import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findFreePort } from '@hyperion/api/core';
import type {
  ApiErrorBody,
  DependencyHealthReport,
  HealthReport,
  HealthTransition,
} from '@hyperion/contracts';
import request from 'supertest';

import { createUser, unique } from './auth-helpers';
import { adminToken, loginAs, startTestApp, TestApp } from './test-app';

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('GET /health over HTTP, against real PostgreSQL and Redis', () => {
  let t: TestApp;
  let auth: string;

  beforeAll(async () => {
    t = await startTestApp();
    auth = `Bearer ${await adminToken(t)}`;
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 200 with the documented shape when everything is up', async () => {
    const res = await request(t.url).get('/health').expect(200);
    const body = res.body as HealthReport;
    expect(body).toMatchObject({ api: 'OK', database: 'OK', redis: 'OK', status: 'healthy' });
    expect(body.timestamp).toMatch(ISO_UTC);
    expect(body.disk).toEqual({
      usage_percent: expect.any(Number),
      path: t.config.dataDir,
      threshold_percent: 90,
      healthy: true,
    });
    expect(body.memory.rss_mb).toBeGreaterThan(0);
    expect(body).not.toHaveProperty('errors');
  });

  it('serves the same report under /api/v1/admin/health, and one dependency each', async () => {
    await request(t.url)
      .get('/api/v1/admin/health')
      .set('Authorization', auth)
      .expect(200)
      .expect((r) => {
        expect(r.body.status).toBe('healthy');
      });
    const db = (await request(t.url).get('/health/database').expect(200))
      .body as DependencyHealthReport;
    expect(db).toMatchObject({ name: 'database', state: 'OK', status: 'healthy' });
    const redis = (await request(t.url).get('/health/redis').expect(200))
      .body as DependencyHealthReport;
    expect(redis).toMatchObject({ name: 'redis', state: 'OK', status: 'healthy' });
  });

  it('answers 503 with database ERROR on the first request after PostgreSQL goes away', async () => {
    await t.database.stop();
    const res = await request(t.url).get('/health').expect(503);
    const body = res.body as HealthReport;
    expect(body).toMatchObject({ api: 'OK', database: 'ERROR', redis: 'OK', status: 'unhealthy' });
    expect(body.errors).toEqual([expect.stringMatching(/^PostgreSQL connection failed: /)]);
    await request(t.url).get('/health/database').expect(503);
    await request(t.url).get('/health/redis').expect(200);
  });

  it('is healthy again once PostgreSQL is back, without a restart', async () => {
    await t.database.start();
    const res = await request(t.url).get('/health').expect(200);
    expect(res.body.database).toBe('OK');
  });

  it('answers 503 with redis ERROR when Redis goes away, and recovers', async () => {
    await t.redis.stop();
    const res = await request(t.url).get('/health').expect(503);
    expect(res.body).toMatchObject({ database: 'OK', redis: 'ERROR', status: 'unhealthy' });
    expect(res.body.errors).toEqual([expect.stringMatching(/^Redis connection failed: /)]);
    await request(t.url).get('/health/redis').expect(503);

    await t.redis.start();
    await waitFor(async () => (await request(t.url).get('/health')).status === 200);
  });

  it('records each state change in the health history (through the Bull queue)', async () => {
    await waitFor(async () => {
      const res = await request(t.url)
        .get('/api/v1/admin/health/history?limit=10')
        .set('Authorization', auth)
        .expect(200);
      const statuses = (res.body as HealthTransition[]).map((h) => `${h.database}/${h.redis}`);
      // Newest first: back to healthy, Redis down, healthy, PostgreSQL down, first healthy.
      return statuses.slice(0, 2).join(',') === 'OK/OK,OK/ERROR' && statuses.includes('ERROR/OK');
    });
  });

  it('rejects a bad query with 400 naming the field, in the error envelope', async () => {
    const res = await request(t.url)
      .get('/api/v1/admin/health/history?limit=abc')
      .set('Authorization', auth)
      .expect(400);
    const body = res.body as ApiErrorBody;
    expect(body.statusCode).toBe(400);
    expect(body.error).toBe('Bad Request');
    expect(JSON.stringify(body.message)).toContain('limit must be an integer between 1 and 500');
    expect(body.correlationId).toBe(res.headers['x-correlation-id']);
  });

  it('answers unknown API routes with a 404 envelope carrying the caller correlation id', async () => {
    const res = await request(t.url)
      .get('/api/v1/nothing-here')
      .set('X-Correlation-Id', 'trace-42')
      .expect(404);
    expect(res.body).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
      correlationId: 'trace-42',
    });
  });

  it('keeps /health public but the admin report behind monitoring:read', async () => {
    await request(t.url).get('/api/v1/admin/health').expect(401);
    await request(t.url).get('/api/v1/admin/health/history').expect(401);
    await request(t.url)
      .get('/api/v1/admin/health')
      .set('Authorization', 'Bearer not-a-token')
      .expect(401);
    // Signed in, but with a role that lacks monitoring:read: 403 naming it.
    const admin = auth.replace('Bearer ', '');
    const role = unique('no-monitoring').toLowerCase();
    await request(t.url)
      .post('/api/v1/roles')
      .set('Authorization', auth)
      .send({ name: role, permissions: ['alerts:read'] })
      .expect(201);
    const user = await createUser(t, admin, [role]);
    const token = (await loginAs(t, user.username, user.password)).accessToken;
    for (const path of ['/api/v1/admin/health', '/api/v1/admin/health/history']) {
      const res = await request(t.url).get(path).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('Missing permission: monitoring:read');
    }
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(t.url).get('/api/docs/json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/api/v1/admin/health',
        '/api/v1/admin/health/history',
        '/api/v1/auth/login',
        '/api/v1/users',
      ]),
    );
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
  });
});

describe('GET /health when DATABASE_URL points at a closed port', () => {
  let t: TestApp;

  beforeAll(async () => {
    const port = await findFreePort();
    t = await startTestApp({ DATABASE_URL: `postgres://hyperion:x@127.0.0.1:${port}/hyperion` });
  });

  afterAll(async () => {
    await t.close();
  });

  it('still starts, and answers 503 with database ERROR and an errors entry', async () => {
    const res = await request(t.url).get('/health').expect(503);
    expect(res.body).toMatchObject({ database: 'ERROR', redis: 'OK', status: 'unhealthy' });
    expect(res.body.errors[0]).toMatch(/PostgreSQL connection failed: .*ECONNREFUSED/);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe('GET /health from a browser, with the console built', () => {
  let t: TestApp;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'hyperion-web-'));
    writeFileSync(
      join(webDir, 'index.html'),
      '<!doctype html><title>Hyperion</title><hyp-root></hyp-root>',
    );
    t = await startTestApp({ WEB_DIST_DIR: webDir });
  });

  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves the console page to a browser and JSON to everyone else', async () => {
    const page = await request(t.url)
      .get('/health')
      .set('Accept', 'text/html,*/*;q=0.8')
      .expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<hyp-root>');

    const json = await request(t.url).get('/health').set('Accept', '*/*').expect(200);
    expect(json.body.status).toBe('healthy');
    await request(t.url)
      .get('/')
      .set('Accept', 'text/html')
      .expect(200)
      .expect(/<hyp-root>/);
  });
});

describe('request bodies', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '10kb' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 413 in the error envelope for a body over BODY_LIMIT', async () => {
    const res = await request(t.url)
      .post('/api/v1/admin/health')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(20 * 1024) }))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
  });

  it('answers 400, not 500, for malformed JSON', async () => {
    const res = await request(t.url)
      .post('/api/v1/admin/health')
      .set('Content-Type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});
