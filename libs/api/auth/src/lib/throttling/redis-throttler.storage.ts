import { SharedRedis } from '@hyperion/api/core';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';

/**
 * Fixed window per key: INCR the hit counter (expiring after `ttl`); past `limit` the key is
 * blocked for `blockDuration` and the counter starts again after the block.
 * Returns [hits, ms until the window ends, blocked (0/1), ms until the block ends].
 */
const INCREMENT = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  return {hits, math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockTtl}
end
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}
`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Rate-limit counters in Redis (under REDIS_PREFIX), so every API instance shares the limits.
 * When Redis does not answer, counting falls back to this instance's memory rather than
 * failing the login.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly fallback = new ThrottlerStorageService();
  private degraded = false;

  constructor(private readonly redis: SharedRedis) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = this.redis.key('throttle', throttlerName, key);
    try {
      const [hits, expireMs, blocked, blockMs] = (await this.redis.client.eval(
        INCREMENT,
        2,
        `${base}:hits`,
        `${base}:block`,
        ttl,
        limit,
        blockDuration > 0 ? blockDuration : ttl,
      )) as [number, number, number, number];
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('Rate limiting is shared through Redis again');
      }
      return {
        totalHits: hits,
        timeToExpire: seconds(expireMs),
        isBlocked: blocked === 1,
        timeToBlockExpire: blocked === 1 ? seconds(blockMs) : 0,
      };
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn(`Redis unavailable, rate limiting per instance: ${String(error)}`);
      }
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown();
  }
}
