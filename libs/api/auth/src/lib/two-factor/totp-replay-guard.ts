import { SharedRedis } from '@hyperion/api/core';
import { Injectable, Logger } from '@nestjs/common';

/** A code is valid for its 30 s step plus one step either side: remember it a little longer. */
const REMEMBER_SECONDS = 120;

/**
 * Makes each TOTP code good for one login: an accepted code is remembered in Redis (shared by
 * every API instance) until it can no longer be valid. Without Redis, codes are not remembered
 * (logins keep working; /health already reports Redis down).
 */
@Injectable()
export class TotpReplayGuard {
  private readonly logger = new Logger('TwoFactor');

  constructor(private readonly redis: SharedRedis) {}

  /** True the first time this user presents this code; false for a replay. */
  async claim(userId: string, code: string): Promise<boolean> {
    try {
      const key = this.redis.key('totp-used', userId, code);
      return (await this.redis.client.set(key, '1', 'EX', REMEMBER_SECONDS, 'NX')) === 'OK';
    } catch (error) {
      this.logger.warn(`TOTP replay check skipped (Redis unavailable): ${String(error)}`);
      return true;
    }
  }
}
