import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  AppConfig,
  ensureRedis,
  LEADER_LEASE_OPTIONS,
  LeaderLease,
  loadConfig,
  RedisHandle,
  SharedRedis,
} from '@hyperion/api/core';
import { RealtimePublisher } from '@hyperion/api/realtime';
import type { HealthReport, HealthTransition } from '@hyperion/contracts';
import { Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import Redis from 'ioredis';

import { HEALTH_MONITOR_LEASE, HealthMonitor } from './health-monitor.service';
import { buildHealthReport, diskHealth, HealthObservation, memoryHealth } from './health-report';
import { HealthTransitionGate } from './health-transition-gate';
import { HealthService } from './health.service';
import { HealthHistoryProducer } from './history/health-history.producer';

// Medium tests: two HealthMonitors (each with its own Redis connection, lease and gate, as two
// API instances have) on real Redis under a key prefix of this run's own; the probes, the
// publisher and the producer are fakes that count.
const INTERVAL_MS = 500; // the smallest HEALTH_CHECK_INTERVAL_MS allowed
const TTL_MS = 1500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What one instance's probes find; the test flips it. */
interface View {
  database: boolean;
  redis: boolean;
}

const fine: Omit<HealthObservation, 'database' | 'redis'> = {
  disk: diskHealth('/data', 1000, 548, 548, 90),
  memory: memoryHealth(
    { rss: 1e8, heapUsed: 3e7, heapTotal: 4e7, external: 0, arrayBuffers: 0 },
    1000,
    500,
    90,
  ),
};

class ScriptedHealth {
  calls = 0;

  constructor(private readonly view: View) {}

  async report(): Promise<HealthReport> {
    this.calls++;
    const probe = (up: boolean) => (up ? { up } : { up, message: 'scripted outage' });
    return buildHealthReport(
      { ...fine, database: probe(this.view.database), redis: probe(this.view.redis) },
      new Date(),
    );
  }
}

/** What every instance of a test published and queued, in order. */
interface Effects {
  published: { event: string; report: HealthReport; scope: unknown }[];
  recorded: { transition: HealthTransition; correlationId: string }[];
}

interface Instance {
  moduleRef: TestingModule;
  monitor: HealthMonitor;
  lease: LeaderLease;
  redis: SharedRedis;
  health: ScriptedHealth;
  /** What the monitor registered to greet a newly connected console with. */
  greet: () => unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(10);
  }
}

describe('HealthMonitor on two instances (real Redis)', () => {
  let dir: string;
  let server: RedisHandle;
  let admin: Redis;
  let prefix: string;
  let config: AppConfig;
  let instances: Instance[];
  let effects: Effects;
  let warnings: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hyperion-health-'));
    server = await ensureRedis('redis://127.0.0.1:6379', false, dir, () => undefined);
    admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });

  beforeEach(() => {
    // A prefix per test: a fresh lease and a fresh stored signature.
    prefix = `hyptest:health:${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    config = loadConfig({ REDIS_PREFIX: prefix, HEALTH_CHECK_INTERVAL_MS: String(INTERVAL_MS) });
    instances = [];
    effects = { published: [], recorded: [] };
    warnings = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation((message: unknown) => void warnings.push(String(message)));
  });

  afterEach(async () => {
    for (const { moduleRef, redis } of instances) {
      if (redis.client.status === 'end') await redis.client.connect().catch(() => undefined);
      await moduleRef.close(); // also shuts the SharedRedis provider down
    }
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await admin.quit();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One API instance: the real monitor, lease and gate; fake probes, publisher and producer. */
  async function start(view: View): Promise<Instance> {
    const redis = new SharedRedis(config, {
      databaseUrl: '',
      embeddedDatabase: false,
      redisUrl: server.url,
    });
    const health = new ScriptedHealth(view);
    let greet: () => unknown = () => undefined;
    const moduleRef = await Test.createTestingModule({
      providers: [
        HealthMonitor,
        HealthTransitionGate,
        LeaderLease,
        { provide: LEADER_LEASE_OPTIONS, useValue: { ttlMs: TTL_MS } },
        { provide: AppConfig, useValue: config },
        { provide: SharedRedis, useValue: redis },
        { provide: HealthService, useValue: health },
        {
          provide: RealtimePublisher,
          useValue: {
            onConnect: (_event: string, current: () => unknown) => (greet = current),
            publish: (event: string, report: HealthReport, scope: unknown) =>
              effects.published.push({ event, report, scope }),
          },
        },
        {
          provide: HealthHistoryProducer,
          useValue: {
            record: (transition: HealthTransition, correlationId: string) =>
              effects.recorded.push({ transition, correlationId }),
          },
        },
      ],
    }).compile();
    await moduleRef.init(); // onApplicationBootstrap: competes for the lease
    const instance: Instance = {
      moduleRef,
      monitor: moduleRef.get(HealthMonitor),
      lease: moduleRef.get(LeaderLease),
      redis,
      health,
      greet: () => greet(),
    };
    instances.push(instance);
    return instance;
  }

  const leads = (i: Instance) => i.lease.isLeader(HEALTH_MONITOR_LEASE);

  /** The instance's Redis connection drops (its commands fail at once) until `connect()`. */
  async function cut(i: Instance): Promise<void> {
    i.redis.client.disconnect();
    await waitFor('connection closed', () => i.redis.client.status === 'end', 1000);
  }

  it('pushes and records a change once for both instances, and checks periodically on the lease holder only', async () => {
    const world: View = { database: true, redis: true };
    const [a, b] = [await start(world), await start(world)];
    await waitFor('a leader', () => leads(a) || leads(b), 3000);
    const [leader, follower] = leads(a) ? [a, b] : [b, a];
    // The deployment's first state is recorded once, from the leader's first check.
    await waitFor('first state recorded', () => effects.recorded.length === 1, 3000);

    // /health on both instances observes the same state: nothing new.
    await Promise.all([a.monitor.check(), b.monitor.check()]);
    expect(effects.published).toHaveLength(1);
    expect(effects.recorded).toHaveLength(1);

    // PostgreSQL goes down: the leader's loop and a /health request on the follower both see it.
    world.database = false;
    const seen = await follower.monitor.check();
    expect(seen).toMatchObject({ status: 'unhealthy', database: 'ERROR' });
    const leaderCalls = leader.health.calls;
    await waitFor('3 more periodic checks', () => leader.health.calls >= leaderCalls + 3, 3000);

    expect(effects.published).toHaveLength(2);
    expect(effects.recorded).toHaveLength(2);
    const [first, change] = effects.recorded;
    expect(effects.published[1]).toEqual({
      event: 'health:status',
      report: expect.objectContaining({ status: 'unhealthy', database: 'ERROR' }),
      scope: 'instance',
    });
    expect(change.transition).toMatchObject({ status: 'unhealthy', database: 'ERROR' });
    expect(change.correlationId).toMatch(UUID);
    expect(first.correlationId).toMatch(UUID);
    expect(change.correlationId).not.toBe(first.correlationId);
    // The follower ran the probes for its two /health requests only.
    expect(follower.health.calls).toBe(2);
    // Each instance answers from its own last report.
    await expect(follower.monitor.check()).resolves.toMatchObject({ database: 'ERROR' });
  }, 20_000);

  it('lets the leader record a Redis outage alone, and its recovery once back, after losing the lease', async () => {
    const viewA: View = { database: true, redis: true };
    const a = await start(viewA);
    await waitFor('a leads', () => leads(a), 3000);
    const b = await start({ database: true, redis: true });
    await waitFor('first state recorded', () => effects.recorded.length === 1, 3000);

    // A loses Redis: its probe says so, and its lease and compare-and-set cannot reach it.
    viewA.redis = false;
    await cut(a);
    await waitFor('outage recorded by a', () => effects.recorded.length === 2, 3000);
    expect(effects.recorded[1].transition).toMatchObject({ status: 'unhealthy', redis: 'ERROR' });
    expect(effects.published[1].report).toMatchObject({ redis: 'ERROR' });

    // A's lease lapses and B takes over; B's checks find nothing new.
    await waitFor('b leads', () => leads(b), 2 * TTL_MS + 1000);
    expect(leads(a)).toBe(false);
    await b.monitor.check();
    expect(effects.recorded).toHaveLength(2);

    // Redis is back for A, which no longer leads: its pending change reaches Redis anyway.
    viewA.redis = true;
    await a.redis.client.connect();
    await waitFor('recovery recorded', () => effects.recorded.length === 3, 4 * INTERVAL_MS);
    expect(effects.recorded[2].transition).toMatchObject({ status: 'healthy', redis: 'OK' });
    expect(leads(a)).toBe(false);

    await sleep(3 * INTERVAL_MS);
    expect(effects.recorded).toHaveLength(3);
    expect(effects.published).toHaveLength(3);
    expect(warnings.filter((w) => w.startsWith('Health transitions: Redis unreachable'))).toEqual([
      expect.stringContaining('Connection is closed'),
    ]);
  }, 20_000);

  it('records nothing from a follower cut off from Redis: the lease holder speaks for the deployment', async () => {
    const a = await start({ database: true, redis: true });
    await waitFor('a leads', () => leads(a), 3000);
    const viewB: View = { database: true, redis: true };
    const b = await start(viewB);
    await waitFor('first state recorded', () => effects.recorded.length === 1, 3000);

    viewB.redis = false;
    await cut(b);
    await expect(b.monitor.check()).resolves.toMatchObject({ status: 'unhealthy', redis: 'ERROR' });
    viewB.redis = true;
    await b.redis.client.connect();
    await expect(b.monitor.check()).resolves.toMatchObject({ status: 'healthy' });
    await sleep(2 * INTERVAL_MS);

    expect(effects.recorded).toHaveLength(1);
    expect(effects.published).toHaveLength(1);
    expect(leads(a)).toBe(true);
  });

  it('greets a new console with a report at most two intervals old, on a follower too', async () => {
    const a = await start({ database: true, redis: true });
    await waitFor('a leads', () => leads(a), 3000);
    const b = await start({ database: true, redis: true });
    expect(b.health.calls).toBe(0); // a follower does not check by itself

    await expect(Promise.resolve(b.greet())).resolves.toMatchObject({ status: 'healthy' });
    expect(b.health.calls).toBe(1);
    b.greet();
    expect(b.health.calls).toBe(1); // recent enough: no new probes

    await sleep(2 * INTERVAL_MS + 100);
    await Promise.resolve(b.greet());
    expect(b.health.calls).toBe(2);
  });
});
