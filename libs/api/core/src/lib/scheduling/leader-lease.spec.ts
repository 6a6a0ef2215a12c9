import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

import { loadConfig } from '../config/app-config';
import { SharedRedis } from '../redis/shared-redis';
import { ensureRedis, RedisHandle } from '../runtime/local-redis';
import { LeaderLease } from './leader-lease';

// Medium tests: real Redis (the local one, or a redis-server started for the run), a key prefix
// of this run's own, several "instances" (a SharedRedis connection and a LeaderLease each).
const TTL_MS = 600;
const RENEW_MS = TTL_MS / 3;

interface Instance {
  redis: SharedRedis;
  lease: LeaderLease;
  runs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the time it took once `predicate` holds; throws after `timeoutMs`. */
async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(5);
  }
  return performance.now() - started;
}

/** Samples who leads `name` every 2 ms while `during` runs. */
async function observe(instances: Instance[], name: string, during: Promise<unknown>) {
  const seen = { most: 0, fewest: Infinity, leaders: new Set<number>(), samples: 0, led: 0 };
  const sample = () => {
    const leading = instances.flatMap((i, index) => (i.lease.isLeader(name) ? [index] : []));
    seen.most = Math.max(seen.most, leading.length);
    seen.fewest = Math.min(seen.fewest, leading.length);
    leading.forEach((index) => seen.leaders.add(index));
    seen.samples++;
    if (leading.length > 0) seen.led++;
  };
  const timer = setInterval(sample, 2);
  try {
    await during;
  } finally {
    clearInterval(timer);
  }
  sample();
  return seen;
}

describe('LeaderLease (real Redis)', () => {
  let dir: string;
  let server: RedisHandle;
  let admin: Redis;
  let prefix: string;
  let instances: Instance[] = [];
  let warnings: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hyperion-lease-'));
    server = await ensureRedis('redis://127.0.0.1:6379', false, dir, () => undefined);
    admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
    prefix = `hyptest:lease:${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  }, 30_000);

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation((message: unknown) => void warnings.push(String(message)));
  });

  afterEach(async () => {
    for (const { lease, redis } of instances) {
      if (redis.client.status === 'end') await redis.client.connect().catch(() => undefined);
      await lease.onModuleDestroy();
      await redis.onApplicationShutdown();
    }
    instances = [];
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function instance(ttlMs = TTL_MS): Instance {
    const redis = new SharedRedis(loadConfig({ REDIS_PREFIX: prefix }), {
      databaseUrl: '',
      embeddedDatabase: false,
      redisUrl: server.url,
    });
    const created: Instance = { redis, lease: new LeaderLease(redis, { ttlMs }), runs: 0 };
    instances.push(created);
    return created;
  }

  function start(i: Instance, name: string, intervalMs = 50): void {
    i.lease.runWhileLeader(name, intervalMs, () => void i.runs++);
  }

  it('lets exactly one of two competing instances lead and run the task, across many TTLs', async () => {
    const [a, b] = [instance(), instance()];
    start(a, 'compete');
    start(b, 'compete');
    await waitFor(() => a.lease.isLeader('compete') || b.lease.isLeader('compete'), 2000);

    const seen = await observe([a, b], 'compete', sleep(4 * TTL_MS));
    expect(seen.most).toBe(1);
    expect(seen.fewest).toBe(1); // renewed in time: never a gap
    expect(seen.leaders.size).toBe(1); // and never handed over while the holder lives
    const [leader, follower] = a.lease.isLeader('compete') ? [a, b] : [b, a];
    expect(await admin.get(`${prefix}:lease:compete`)).toBe(leader.lease.token);
    expect(await admin.pttl(`${prefix}:lease:compete`)).toBeGreaterThan(0);
    expect(follower.runs).toBe(0);
    expect(leader.runs).toBeGreaterThanOrEqual(20); // every 50 ms for 2.4 s
  }, 15_000);

  it('releases on stop so the other takes over at its next attempt; a follower stopping releases nothing', async () => {
    const [a, b] = [instance(), instance()];
    const key = `${prefix}:lease:handover`;
    start(a, 'handover');
    await waitFor(() => a.lease.isLeader('handover'), 2000);
    start(b, 'handover');
    await sleep(2 * RENEW_MS);

    await b.lease.stop('handover');
    expect(await admin.get(key)).toBe(a.lease.token); // compare-and-delete spared the holder's key
    expect(a.lease.isLeader('handover')).toBe(true);
    start(b, 'handover');

    await a.lease.stop('handover');
    expect(a.lease.isLeader('handover')).toBe(false);
    const tookOver = await waitFor(() => b.lease.isLeader('handover'), TTL_MS);
    expect(tookOver).toBeLessThan(RENEW_MS + 100); // the key was deleted, not left to expire
    expect(await admin.get(key)).toBe(b.lease.token);
  }, 15_000);

  it('replaces a holder that lost Redis within the TTL, never overlapping, logs the outage once, spares the new lease', async () => {
    const [a, b] = [instance(), instance()];
    start(a, 'takeover');
    await waitFor(() => a.lease.isLeader('takeover'), 2000);
    start(b, 'takeover');
    await sleep(RENEW_MS);

    // The holder's link to Redis dies: it can neither renew nor release.
    a.redis.client.disconnect();
    const started = performance.now();
    const seen = await observe(
      [a, b],
      'takeover',
      waitFor(() => b.lease.isLeader('takeover'), TTL_MS + RENEW_MS + 500),
    );
    expect(performance.now() - started).toBeLessThan(TTL_MS + RENEW_MS + 100);
    expect(seen.most).toBe(1);
    expect(a.lease.isLeader('takeover')).toBe(false);

    await sleep(3 * RENEW_MS); // more failed attempts: still one line for the outage
    expect(warnings.filter((w) => w.startsWith('Redis unreachable'))).toHaveLength(1);
    expect(a.runs).toBeGreaterThan(0);

    // Back, and stopped before any new attempt (so it may still think it holds the key): the
    // compare-and-delete spares b's lease.
    const back = a.redis.client.connect();
    await a.lease.stop('takeover');
    await back;
    expect(await admin.get(`${prefix}:lease:takeover`)).toBe(b.lease.token);
    expect(b.lease.isLeader('takeover')).toBe(true);
  }, 15_000);

  it('never has two leaders at once while instances lose Redis, stop and come back', async () => {
    const ttl = 300;
    const all = [instance(ttl), instance(ttl), instance(ttl)];
    for (const i of all) start(i, 'churn', 20);
    const stopped = new Set<Instance>();
    let seed = 42; // deterministic "random" choices (Lehmer)
    const pick = () => all[(seed = (seed * 16807) % 2147483647) % all.length];

    const churn = async () => {
      for (let step = 0; step < 30; step++) {
        const i = pick();
        if (i.redis.client.status === 'end') {
          await i.redis.client.connect();
        } else if (stopped.has(i)) {
          stopped.delete(i);
          start(i, 'churn', 20);
        } else if (step % 2 === 0) {
          i.redis.client.disconnect();
        } else {
          stopped.add(i);
          await i.lease.stop('churn');
        }
        await sleep(150);
      }
    };
    const seen = await observe(all, 'churn', churn());
    expect(seen.most).toBe(1);
    expect(seen.leaders.size).toBeGreaterThanOrEqual(2); // leadership did move around
    expect(seen.led / seen.samples).toBeGreaterThan(0.3);
  }, 30_000);
});
