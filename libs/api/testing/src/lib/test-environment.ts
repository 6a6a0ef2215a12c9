import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  AppConfig,
  appRoleName,
  DEFAULT_EMBEDDED_POSTGRES_PORT,
  ensureRedis,
  findFreePort,
  loadConfig,
  startEmbeddedPostgres,
} from '@hyperion/api/core';
import Redis from 'ioredis';
import { Client } from 'pg';

/** Variables a test run hands from its global setup to its test files. */
const KEYS = {
  adminUrl: 'HYPERION_TEST_ADMIN_URL',
  databaseUrl: 'HYPERION_TEST_DATABASE_URL',
  redisUrl: 'HYPERION_TEST_REDIS_URL',
  redisPrefix: 'HYPERION_TEST_REDIS_PREFIX',
} as const;

interface Provisioned {
  adminUrl: string;
  /** One database per Jest worker: `<base>_w1`, `<base>_w2` … */
  databases: string[];
  redisUrl: string;
  redisPrefix: string;
  tmpDir: string;
  stop: () => Promise<void>;
}

const state = globalThis as typeof globalThis & { __hyperionTest?: Provisioned };

/** One statement (CREATE / DROP DATABASE) on the server's maintenance connection. */
async function onServer(adminUrl: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Drops a test database and the application role Hyperion created for it (`<db>_app`). */
async function dropDatabaseAndRole(adminUrl: string, database: string): Promise<void> {
  await onServer(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await onServer(
    adminUrl,
    `DROP ROLE IF EXISTS "${appRoleName(withDatabase(adminUrl, database))}"`,
  );
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The Jest worker this file runs in (1 when the run is in band). */
function workerId(): number {
  const id = Number(process.env['JEST_WORKER_ID'] ?? '1');
  return Number.isInteger(id) && id > 0 ? id : 1;
}

/**
 * Jest global setup: freshly created databases on TEST_DATABASE_URL's server (or, when it is
 * not set, on an embedded PostgreSQL started for this run), one per worker, and real Redis
 * (TEST_REDIS_URL or the local one) under a key prefix of this run's own, again one per worker.
 * Each worker runs its test files one after another on its own database and prefix, so files in
 * parallel workers never see each other's leases, queues or rows.
 */
export async function provisionTestEnvironment(workers = 1): Promise<void> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const tmpDir = mkdtempSync(join(tmpdir(), 'hyperion-test-'));
  // As root, the embedded PostgreSQL runs as the 'postgres' user, which must traverse this dir.
  chmodSync(tmpDir, 0o711);
  const stops: (() => Promise<void>)[] = [];

  let adminUrl = process.env['TEST_DATABASE_URL'];
  if (!adminUrl) {
    const port = await findFreePort().catch(() => DEFAULT_EMBEDDED_POSTGRES_PORT);
    const pg = await startEmbeddedPostgres(join(tmpDir, 'data'), port, () => undefined);
    stops.push(() => pg.stop());
    adminUrl = pg.url;
  }
  const base = `hyperion_test_${runId}`;
  const databases = Array.from({ length: Math.max(1, workers) }, (_, i) => `${base}_w${i + 1}`);
  for (const database of databases) await onServer(adminUrl, `CREATE DATABASE "${database}"`);

  const redis = await ensureRedis(
    process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    process.env['TEST_REDIS_URL'] !== undefined,
    tmpDir,
    () => undefined,
  );
  stops.push(() => redis.stop());

  const redisPrefix = `hyptest:${runId}`;
  process.env[KEYS.adminUrl] = adminUrl;
  process.env[KEYS.databaseUrl] = withDatabase(adminUrl, base);
  process.env[KEYS.redisUrl] = redis.url;
  process.env[KEYS.redisPrefix] = redisPrefix;
  state.__hyperionTest = {
    adminUrl,
    databases,
    redisUrl: redis.url,
    redisPrefix,
    tmpDir,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** Jest global teardown: drops the run's database and Redis keys, stops what setup started. */
export async function teardownTestEnvironment(): Promise<void> {
  const s = state.__hyperionTest;
  if (!s) return;
  for (const database of s.databases) await dropDatabaseAndRole(s.adminUrl, database);

  const redis = new Redis(s.redisUrl, { maxRetriesPerRequest: 1 });
  const keys = await redis.keys(`${s.redisPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();

  await s.stop();
  rmSync(s.tmpDir, { recursive: true, force: true });
}

/** Where this worker's database and Redis prefix are (made by the global setup). */
export function testEndpoints(): { databaseUrl: string; redisUrl: string; redisPrefix: string } {
  const baseUrl = process.env[KEYS.databaseUrl];
  const redisUrl = process.env[KEYS.redisUrl];
  const basePrefix = process.env[KEYS.redisPrefix];
  if (!baseUrl || !redisUrl || !basePrefix) {
    throw new Error(
      'Test environment missing: is the jest globalSetup of @hyperion/api/testing configured?',
    );
  }
  const worker = workerId();
  const databaseUrl = withDatabase(baseUrl, `${new URL(baseUrl).pathname.slice(1)}_w${worker}`);
  return { databaseUrl, redisUrl, redisPrefix: `${basePrefix}:w${worker}` };
}

/**
 * A database of its own for one test file (e.g. one that needs an empty schema while other files
 * share the run's database), on the run's server. `drop()` removes it.
 */
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env[KEYS.adminUrl];
  const { databaseUrl } = testEndpoints();
  if (!adminUrl) throw new Error('Test environment missing: HYPERION_TEST_ADMIN_URL');
  const name = `${new URL(databaseUrl).pathname.slice(1)}_${randomBytes(3).toString('hex')}`;
  await onServer(adminUrl, `CREATE DATABASE "${name}"`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => dropDatabaseAndRole(adminUrl, name),
  };
}

/**
 * One signing and encryption key for every app of a test run, in every Jest worker, as several
 * instances of one deployment must share them (a token issued by one is verified by another; a
 * channel's secrets sealed by one are opened by another). Derived from the run's own database
 * and Redis prefix, which are fresh for each run.
 */
function runSecrets(seed: string): { JWT_SECRET: string; ENCRYPTION_KEY: string } {
  const derive = (purpose: string) => createHash('sha256').update(`${purpose}:${seed}`).digest();
  return {
    JWT_SECRET: derive('jwt').toString('base64url'),
    ENCRYPTION_KEY: derive('encryption').toString('base64'),
  };
}

/** Configuration for an app under test: this run's database and Redis, quiet logs. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const { databaseUrl, redisUrl, redisPrefix } = testEndpoints();
  const dataDir = mkdtempSync(join(tmpdir(), 'hyperion-app-'));
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    HEALTH_CHECK_INTERVAL_MS: '500',
    WEB_DIST_DIR: join(dataDir, 'no-console'),
    PORT: '0',
    // The same for every app of a worker: they share its database (sealed secrets).
    ...runSecrets(`${databaseUrl} ${redisPrefix}`),
    ...overrides,
  });
}
