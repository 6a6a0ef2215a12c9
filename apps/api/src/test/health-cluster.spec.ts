import { createScratchDatabase } from '@hyperion/api/testing';
import request from 'supertest';

import { clusterPrefix, queryDb, startTestApp, TestApp } from './test-app';

/**
 * Done-means 5: two instances of one deployment see PostgreSQL go away and come back; the
 * history records that as one transition each way, not one per instance.
 */
describe('health transitions with two instances', () => {
  let one: TestApp;
  let two: TestApp;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    // A database of its own: other suites cut theirs and record transitions too.
    scratch = await createScratchDatabase();
    const prefix = clusterPrefix();
    one = await startTestApp({ REDIS_PREFIX: prefix }, { proxiedDatabaseUrl: scratch.url });
    two = await startTestApp({ REDIS_PREFIX: prefix }, { proxiedDatabaseUrl: scratch.url });
  });

  afterAll(async () => {
    await two?.close();
    await one?.close();
    await scratch?.drop();
  });

  const status = async (t: TestApp) => (await request(t.url).get('/health')).status;

  async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return check();
  }

  const rows = () =>
    queryDb<{ status: string; database: string }>(
      one,
      `SELECT status, database FROM health_transition ORDER BY occurred_at, id`,
    );

  it('records one transition per change, whichever instance saw it', async () => {
    expect(
      await until(async () => (await status(one)) === 200 && (await status(two)) === 200, 20_000),
    ).toBe(true);
    expect(await until(async () => (await rows()).length >= 1, 20_000)).toBe(true);
    const before = (await rows()).length;

    await one.database.stop();
    await two.database.stop();
    // Both instances see it (their own checks, and /health on each).
    expect(
      await until(async () => (await status(one)) === 503 && (await status(two)) === 503, 20_000),
    ).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    await one.database.start();
    await two.database.start();
    expect(
      await until(async () => (await status(one)) === 200 && (await status(two)) === 200, 20_000),
    ).toBe(true);

    // The "down" row is written once the database is back (Bull retries it).
    expect(await until(async () => (await rows()).length >= before + 2, 20_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 2000));
    const added = (await rows()).slice(before);
    expect(added.map((r) => `${r.status}/${r.database}`)).toEqual([
      'unhealthy/ERROR',
      'healthy/OK',
    ]);
  });
});
