// The built server (dist/apps/api/main.js, with the console build when present) on a scratch
// database and its own Redis prefix, for the scripts under bench/. Needs `npm run build`,
// PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres: a scratch
// database is created and dropped) and Redis (REDIS_URL, default local).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const BENCH_ADMIN_PASSWORD = 'bench-admin-password-2026';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function onServer(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Starts the built server and waits until /health answers 200 (at most 60 s).
 * Returns { base, pid, databaseUrl, stop(), kill() }; `env` adds to (or overrides) the server's
 * environment.
 */
export async function startBenchServer(env = {}) {
  if (!existsSync('dist/apps/api/main.js')) {
    throw new Error('dist/apps/api/main.js is missing: run `npm run build` first');
  }
  const id = randomBytes(3).toString('hex');
  const database = `hyperion_bench_${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'hyperion-bench-'));
  await onServer(`CREATE DATABASE "${database}"`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${database}`;
  // BENCH_NODE_ARGS: extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...nodeArgs, 'dist/apps/api/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL,
      REDIS_PREFIX: `bench:${id}`,
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT: '10000',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    // BENCH_KEEP_DB=1 keeps the scratch database for inspection (EXPLAIN, pg_stat_statements).
    if (process.env.BENCH_KEEP_DB === '1') {
      console.error(`[bench] kept database ${database}`);
    } else {
      await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await onServer(`DROP ROLE IF EXISTS "${database}_app"`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (i > 120 || server.exitCode !== null) {
        throw new Error('the server did not become healthy in 60 s');
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  /** SIGKILL: the process dies at once, mid-request (the data stays for inspection until stop()). */
  const kill = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
    }
  };
  return { base, pid: server.pid, databaseUrl: dbUrl.toString(), stop, kill };
}
