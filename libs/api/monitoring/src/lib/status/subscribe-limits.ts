import { SharedRedis } from '@hyperion/api/core';
import { HttpException, HttpStatus, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { createHash } from 'node:crypto';

/** Subscription requests one client address may make per hour (any page, any address). */
export const SUBSCRIBE_PER_IP_PER_HOUR = 10;
/** Confirmation emails one address may receive per page per day (no mail-bombing a third party). */
export const CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3;

/** INCR a fixed-window counter; the first hit starts its window. Returns the count. */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * The limits on subscribing, counted in Redis (shared by every instance). Without Redis they
 * fail closed: no confirmation email leaves uncounted.
 */
@Injectable()
export class SubscribeLimits {
  constructor(private readonly redis: SharedRedis) {}

  /** 429 past SUBSCRIBE_PER_IP_PER_HOUR requests from this client address. */
  async takeRequest(ip: string): Promise<void> {
    const n = await this.hit(this.redis.key('status-subscribe', 'ip', ip), 3_600_000);
    if (n > SUBSCRIBE_PER_IP_PER_HOUR) {
      throw new HttpException(
        'Too many subscription requests from your address; try again in an hour',
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /**
   * Whether one more confirmation email may go to this address for this page today. The caller
   * answers the same either way: the answer never tells whether an address was asked for before.
   */
  async mayMail(pageId: string, email: string): Promise<boolean> {
    const digest = createHash('sha256').update(`${pageId}\n${email}`).digest('hex');
    const n = await this.hit(this.redis.key('status-subscribe', 'address', digest), 86_400_000);
    return n <= CONFIRMATIONS_PER_ADDRESS_PER_DAY;
  }

  private async hit(key: string, windowMs: number): Promise<number> {
    try {
      return Number(await this.redis.client.eval(HIT, 1, key, windowMs));
    } catch {
      throw new ServiceUnavailableException(
        'Subscriptions are unavailable right now; try again later',
      );
    }
  }
}
