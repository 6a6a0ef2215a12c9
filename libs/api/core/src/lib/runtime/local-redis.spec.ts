import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureRedis, pingRedis } from './local-redis';
import { findFreePort } from './net';
import { StartupError } from './startup-error';

// Uses the real redis-server binary (installed by .ci/run and `npm test`'s prerequisites).
describe('ensureRedis', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hyperion-redis-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses an explicit REDIS_URL that does not answer, naming the variable and the reason', async () => {
    const url = `redis://127.0.0.1:${await findFreePort()}`;
    const attempt = ensureRedis(url, true, dataDir, () => undefined);
    await expect(attempt).rejects.toThrow(StartupError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`^Redis is not reachable at ${url} \\(REDIS_URL\\): connect ECONNREFUSED`),
    );
    expect(existsSync(join(dataDir, 'redis'))).toBe(false);
  });

  it('starts its own redis-server under DATA_DIR when the default address does not answer', async () => {
    const logs: string[] = [];
    const url = `redis://127.0.0.1:${await findFreePort()}`;
    const redis = await ensureRedis(url, false, dataDir, (m) => logs.push(m));
    try {
      expect(redis.url).not.toBe(url);
      await expect(pingRedis(redis.url)).resolves.toBeUndefined();
      expect(existsSync(join(dataDir, 'redis'))).toBe(true);
      expect(logs.join('\n')).toContain('started redis-server');
    } finally {
      await redis.stop();
    }
    await expect(pingRedis(redis.url, 500)).rejects.toThrow(/ECONNREFUSED/);
  });
});
