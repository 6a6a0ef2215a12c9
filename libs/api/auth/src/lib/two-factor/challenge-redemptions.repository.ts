import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';

import { sha256Hex } from '../tokens/token-crypto';

/**
 * 2FA challenges that opened a session (`redeemed_challenge`, by SHA-256), kept until they
 * expire: a challenge is redeemed once, whatever the number of parallel attempts and instances.
 * Inside the caller's unit of work, so a redemption that rolls back frees the challenge.
 */
@Injectable()
export class ChallengeRedemptions {
  constructor(private readonly uow: UnitOfWork) {}

  /** True for the first redemption of `challenge`; false when it was already redeemed. */
  async claim(challenge: string, userId: string, expiresAt: Date): Promise<boolean> {
    await this.uow.manager.query(
      `DELETE FROM "redeemed_challenge" WHERE "expires_at" < clock_timestamp()`,
    );
    const rows = (await this.uow.manager.query(
      `INSERT INTO "redeemed_challenge" ("challenge_hash", "user_id", "expires_at")
       VALUES ($1, $2, $3) ON CONFLICT ("challenge_hash") DO NOTHING RETURNING "challenge_hash"`,
      [sha256Hex(challenge), userId, expiresAt],
    )) as unknown[];
    return rows.length === 1;
  }
}
