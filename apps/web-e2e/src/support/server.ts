import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findFreePort } from '@hyperion/api/core';
import { TcpProxy, testEndpoints } from '@hyperion/api/testing';

import { API_MAIN, WEB_DIST_DIR, WORKSPACE_ROOT } from './paths';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
/** How much of the child's output a failure message shows. */
const OUTPUT_TAIL_CHARS = 8_000;

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Between the server and this run's PostgreSQL: stop it to "stop" the database. */
  database: TcpProxy;
  /** Between the server and this run's Redis: stop it to "stop" Redis. */
  redis: TcpProxy;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after a timeout; then the proxies and the data directory go. */
  stop(): Promise<void>;
  /**
   * Stops the server process only (as an outage would): the address, the data directory (and
   * so the signing secrets) and the proxies stay, for `restart()`.
   */
  halt(): Promise<void>;
  /** Starts the server process again after `halt()`, on the same address; resolves once it answers. */
  restart(): Promise<void>;
}

export interface ServerOptions {
  /** A database of the suite's own (`createScratchDatabase()`) instead of the run's. */
  databaseUrl?: string;
  /** A Redis key prefix of the suite's own (rate-limit counters, ...) instead of the run's. */
  redisPrefix?: string;
}

/**
 * Starts the built server (`node dist/apps/api/main.js`) as a child process on a free port,
 * against this run's database and Redis (each through a TcpProxy), serving the built console.
 * Resolves once `GET /health` answers (200 or 503). `overrides` replace or add variables
 * (`ADMIN_PASSWORD`, `AUTH_RATE_LIMIT`, ...).
 */
export async function startServer(
  overrides: Record<string, string> = {},
  options: ServerOptions = {},
): Promise<RunningServer> {
  const endpoints = testEndpoints();
  const databaseUrl = options.databaseUrl ?? endpoints.databaseUrl;
  const database = await TcpProxy.forUrl(databaseUrl).start();
  const redis = await TcpProxy.forUrl(endpoints.redisUrl).start();
  const dataDir = mkdtempSync(join(tmpdir(), 'hyperion-e2e-'));
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;

  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: database.rewrite(databaseUrl),
    REDIS_URL: redis.rewrite(endpoints.redisUrl),
    REDIS_PREFIX: options.redisPrefix ?? endpoints.redisPrefix,
    DATA_DIR: dataDir,
    WEB_DIST_DIR,
    HEALTH_CHECK_INTERVAL_MS: '500',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
  let output = '';
  let running = spawnApi(env, (chunk) => (output += chunk));

  const cleanUp = async () => {
    await terminate(running.child, running.exited);
    await database.stop();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilAnswering(url, running.exited, () => output);
  } catch (error) {
    await cleanUp();
    throw error;
  }

  return {
    url,
    database,
    redis,
    output: () => output,
    stop: async () => {
      // Reconnect first, so the server's shutdown does not wait on dead links.
      await database.start();
      await redis.start();
      await cleanUp();
    },
    halt: () => terminate(running.child, running.exited),
    restart: async () => {
      await terminate(running.child, running.exited);
      running = spawnApi(env, (chunk) => (output += chunk));
      await waitUntilAnswering(url, running.exited, () => output);
    },
  };
}

interface ApiProcess {
  child: ChildProcess;
  /** Resolves with how it ended. */
  exited: Promise<string>;
}

/** `node dist/apps/api/main.js` with exactly `env`: nothing from the developer's shell leaks in. */
function spawnApi(env: Record<string, string>, capture: (chunk: string) => void): ApiProcess {
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: WORKSPACE_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => capture(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => capture(chunk.toString('utf8')));
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
    child.once('error', (error) => resolve(`could not be spawned: ${error.message}`));
  });
  return { child, exited };
}

async function waitUntilAnswering(
  url: string,
  exited: Promise<string>,
  output: () => string,
): Promise<void> {
  let exit: string | undefined;
  void exited.then((reason) => (exit = reason));
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (exit) {
      throw new Error(`The server ${exit} before answering GET /health:\n${tail(output())}`);
    }
    try {
      const response = await fetch(`${url}/health`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      if (response.status === 200 || response.status === 503) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `The server did not answer GET ${url}/health within ${START_TIMEOUT_MS / 1000} s ` +
      `(last: ${lastError}). Its output:\n${tail(output())}`,
  );
}

async function terminate(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timedOut = Symbol('timed out');
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    exited,
    new Promise<typeof timedOut>((resolve) => {
      timer = setTimeout(() => resolve(timedOut), STOP_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (result === timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

function tail(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '(no output)';
  return trimmed.length > OUTPUT_TAIL_CHARS ? `...${trimmed.slice(-OUTPUT_TAIL_CHARS)}` : trimmed;
}
