import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import Redis from 'ioredis';

import { findFreePort } from './net';
import { errorMessage, StartupError } from './startup-error';

export interface RedisHandle {
  url: string;
  stop(): Promise<void>;
}

type Logger = (message: string) => void;

/** Answers PING within the timeout, or throws the connection error (e.g. ECONNREFUSED). */
export async function pingRedis(url: string, timeoutMs = 2000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let cause: unknown;
  client.on('error', (error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    // ioredis reports "Connection is closed."; the 'error' event carries the reason.
    throw cause ?? error;
  } finally {
    client.disconnect();
  }
}

function redisServerOnPath(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure a Redis answers. An explicit REDIS_URL must answer; without one, when the default
 * address does not answer and `redis-server` is installed, Hyperion starts its own under
 * `<dataDir>/redis`, bound to 127.0.0.1, and stops it on shutdown.
 */
export async function ensureRedis(
  url: string,
  explicit: boolean,
  dataDir: string,
  log: Logger,
): Promise<RedisHandle> {
  try {
    await pingRedis(url);
    return { url, stop: async () => undefined };
  } catch (error) {
    const reason = errorMessage(error);
    if (explicit) {
      throw new StartupError(
        `Redis is not reachable at ${url} (REDIS_URL): ${reason}. Start Redis there or point REDIS_URL at a running Redis`,
        { cause: error },
      );
    }
    if (!redisServerOnPath()) {
      throw new StartupError(
        `Redis is not reachable at ${url}: ${reason}. Set REDIS_URL to a running Redis, or install redis-server (apt-get install redis-server) so Hyperion can start one under DATA_DIR`,
        { cause: error },
      );
    }
  }

  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const port = await findFreePort();
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  const localUrl = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await pingRedis(localUrl, 500);
      log(
        `Redis not reachable at ${url}: started redis-server on 127.0.0.1:${port} (data in ${dir})`,
      );
      return {
        url: localUrl,
        stop: () =>
          new Promise<void>((resolvePromise) => {
            if (child.exitCode !== null) return resolvePromise();
            child.once('exit', () => resolvePromise());
            child.kill('SIGTERM');
          }),
      };
    } catch {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new StartupError(
    `Redis is not reachable at ${url} and redis-server could not be started under ${dir}: set REDIS_URL to a running Redis`,
  );
}
