import { errorMessage, SharedRedis } from '@hyperion/api/core';
import { Injectable, Logger } from '@nestjs/common';

import { withTimeout } from './indicators/with-timeout';

/**
 * Compare-and-set of the deployment's health signature: stores ARGV[1] and answers 1 when that
 * changed the stored value. ARGV[2] is a transition this instance recorded alone while Redis was
 * unreachable, ARGV[3] the signature it replaced: it counts as stored first, unless another
 * instance changed the key meanwhile.
 */
const COMPARE_AND_SET = `local stored = redis.call('get', KEYS[1]) or ''
if ARGV[2] ~= '' and stored == ARGV[3] then stored = ARGV[2] end
redis.call('set', KEYS[1], ARGV[1])
if stored == ARGV[1] then return 0 end
return 1`;

const TIMEOUT_MS = 1000;

/**
 * Decides which instance publishes and records a health transition, so N instances that observe
 * one change produce one event and one history row. The signature of the last recorded state
 * lives in Redis (`<REDIS_PREFIX>:health:signature`); the instance whose compare-and-set changes
 * it is the one.
 *
 * While Redis cannot be reached there is nobody to agree with: the instance that still holds the
 * monitor's lease records changes on its own (an outage of Redis is itself a transition), and
 * hands the last of them to Redis as soon as it answers, so the recovery is recorded too.
 */
@Injectable()
export class HealthTransitionGate {
  private readonly logger = new Logger('Health');
  private readonly key: string;
  /** The signature this instance last saw stored in Redis. */
  private stored?: string;
  /** The last transition recorded alone, not in Redis yet, and the signature it replaced. */
  private unsynced?: { signature: string; replaces: string };
  private redisDown = false;

  constructor(private readonly redis: SharedRedis) {
    this.key = redis.key('health', 'signature');
  }

  /** True while a transition recorded alone has not reached Redis. */
  get pending(): boolean {
    return this.unsynced !== undefined;
  }

  /**
   * True when this instance is the one to publish and record the state `signature`. While Redis
   * cannot be reached: when `leading()` and the state differs from the last one it knows of.
   */
  async claim(signature: string, leading: () => boolean): Promise<boolean> {
    let changed: unknown;
    try {
      changed = await withTimeout(
        this.redis.client.eval(
          COMPARE_AND_SET,
          1,
          this.key,
          signature,
          this.unsynced?.signature ?? '',
          this.unsynced?.replaces ?? '',
        ),
        TIMEOUT_MS,
      );
    } catch (error) {
      return this.claimAlone(signature, leading, error);
    }
    if (this.redisDown) {
      this.redisDown = false;
      this.logger.log('Health transitions: Redis reachable again, recorded once per deployment');
    }
    this.stored = signature;
    this.unsynced = undefined;
    return changed === 1;
  }

  private claimAlone(signature: string, leading: () => boolean, error: unknown): boolean {
    if (!this.redisDown) {
      this.redisDown = true;
      this.logger.warn(
        `Health transitions: Redis unreachable (${errorMessage(error)}); the monitor's lease ` +
          'holder records them alone until it is back',
      );
    }
    const known = this.unsynced?.signature ?? this.stored;
    if (signature === known || !leading()) return false;
    this.unsynced = { signature, replaces: this.unsynced?.replaces ?? this.stored ?? '' };
    return true;
  }
}
