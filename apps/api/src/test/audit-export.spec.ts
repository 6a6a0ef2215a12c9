import { get as httpGet } from 'node:http';

import { AUDIT_ROUTES, ORGANIZATION_ROUTES, TokenPair } from '@hyperion/contracts';
import request from 'supertest';

import { unique } from './auth-helpers';
import { adminToken, queryDb, startTestApp, TestApp } from './test-app';

/** How the client saw one download end. */
interface Download {
  status: number;
  bytes: number;
  /** 'complete': the response ended normally; 'aborted': the connection broke mid-transfer. */
  ending: 'complete' | 'aborted';
  text: string;
}

/**
 * Issue 7, item 7: the CSV export checks its filters before the first byte, and a failure
 * mid-stream aborts the connection (never a complete-looking file, never a hang).
 */
describe('audit CSV export: validation first, abort on failure', () => {
  let t: TestApp;
  let token: string;
  let organizationId: string;
  /** The actor of this file's rows, so the export selects exactly them. */
  const actor = unique('csv-actor');
  const ROWS = 24_000;

  beforeAll(async () => {
    t = await startTestApp();
    // An organisation of its own: a large log that no other test pages through.
    const admin = await adminToken(t);
    const created = await request(t.url)
      .post(ORGANIZATION_ROUTES.platformOrganizations)
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: 'CSV export', slug: unique('csv').toLowerCase() })
      .expect(201);
    organizationId = created.body.id;
    const switched = await request(t.url)
      .post(ORGANIZATION_ROUTES.switch)
      .set('Authorization', `Bearer ${admin}`)
      .send({ organizationId })
      .expect(200);
    token = (switched.body as TokenPair).accessToken;
    await queryDb(
      t,
      `INSERT INTO audit_log (organization_id, actor_type, actor_id, actor_name, action, target,
                              ip, user_agent, result, details)
       SELECT $1, 'system', $2, 'csv spec', 'service_control', 'service:' || n, '192.0.2.1',
              'a user agent long enough to make the rows weigh something in the stream', 'success',
              jsonb_build_object('n', n, 'padding', repeat('x', 120))
         FROM generate_series(1, $3::int) AS n`,
      [organizationId, actor, ROWS],
    );
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  /**
   * Downloads the export with a raw HTTP client. `onFirstChunk` runs once the first bytes are
   * in, with the response paused (so the server fills its buffers and waits on the client).
   */
  function download(
    query: Record<string, string>,
    onFirstChunk?: () => Promise<void>,
  ): Promise<Download> {
    const url = new URL(AUDIT_ROUTES.csv, t.url);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return new Promise((resolve, reject) => {
      const req = httpGet(url, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
        const chunks: Buffer[] = [];
        let first = true;
        let settled = false;
        const finish = (ending: Download['ending']) => {
          if (settled) return;
          settled = true;
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, bytes: text.length, ending, text });
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (first && onFirstChunk) {
            first = false;
            res.pause();
            void onFirstChunk().then(() => res.resume(), reject);
          }
        });
        res.on('end', () => finish(res.complete ? 'complete' : 'aborted'));
        res.on('aborted', () => finish('aborted'));
        res.on('error', () => finish('aborted'));
        res.on('close', () => finish(res.complete ? 'complete' : 'aborted'));
      });
      req.on('error', reject);
    });
  }

  it('streams every matching row when nothing fails', async () => {
    const result = await download({ actor, to: new Date(Date.now() + 60_000).toISOString() });
    expect(result).toMatchObject({ status: 200, ending: 'complete' });
    const lines = result.text.trim().split('\r\n');
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[1]).toContain(`service:${ROWS}`);
  });

  it.each([
    [{ action: 'drop_everything' }, 'action must be one of'],
    [{ from: 'yesterday' }, 'from must be an ISO 8601'],
    [{ to: '2026-13-45' }, 'to must be an ISO 8601'],
    [{ result: 'maybe' }, 'result must be success or failure'],
    [{ cursor: 'forged' }, 'cursor is not valid'],
    [{ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'to must be later than from'],
  ])('answers 400 before any CSV for %j', async (query, message) => {
    const res = await request(t.url)
      .get(AUDIT_ROUTES.csv)
      .query(query)
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(JSON.stringify(res.body.message)).toContain(message);
  });

  it('aborts the transfer when the database fails mid-stream, within seconds', async () => {
    const started = Date.now();
    const result = await download({ actor }, async () => {
      // The first rows are out; now PostgreSQL goes away for the rest of the export.
      await t.database.stop();
      await new Promise((r) => setTimeout(r, 300));
    });
    const elapsed = Date.now() - started;
    await t.database.start();

    expect(result.status).toBe(200);
    expect(result.ending).toBe('aborted');
    // Not a complete-looking file: fewer rows than there are.
    const lines = result.text.split('\r\n').filter((l) => l.includes(actor));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(ROWS);
    expect(elapsed).toBeLessThan(20_000);
  });

  it('answers an ordinary error (not a 200) when the database is down before the first byte', async () => {
    await t.database.stop();
    try {
      const res = await request(t.url)
        .get(AUDIT_ROUTES.csv)
        .query({ actor })
        .set('Authorization', `Bearer ${token}`)
        .timeout(20_000);
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.body.correlationId).toEqual(expect.any(String));
    } finally {
      await t.database.start();
    }
  });
});
