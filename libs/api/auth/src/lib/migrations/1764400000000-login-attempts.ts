import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lockout counters and redeemed 2FA challenges, both instance-level (an account may belong to
 * several organisations, an unknown login to none).
 *
 * - `login_attempt`: one row per subject (`user:<id>` or `login:<what was typed>`); a guess takes
 *   its place under the row's lock before anything is checked (see lockout.ts), so parallel
 *   guesses cannot all be checked.
 * - `redeemed_challenge`: the SHA-256 of each 2FA challenge that opened a session, until it
 *   expires, so a challenge is redeemed once.
 */
export class LoginAttempts1764400000000 implements MigrationInterface {
  name = 'LoginAttempts1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "login_attempt" (
        "key" VARCHAR(300) PRIMARY KEY,
        "user_id" UUID,
        "attempts" INTEGER NOT NULL DEFAULT 0,
        "level" INTEGER NOT NULL DEFAULT 0,
        "locked_until" TIMESTAMPTZ,
        "last_attempt_at" TIMESTAMPTZ,
        CONSTRAINT "login_attempt_user_id_fkey" FOREIGN KEY ("user_id")
          REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "login_attempt_counts_check" CHECK ("attempts" >= 0 AND "level" >= 0)
      )`);
    await q.query(`CREATE INDEX "login_attempt_user_idx" ON "login_attempt" ("user_id")`);
    await q.query(
      `CREATE INDEX "login_attempt_last_attempt_idx" ON "login_attempt" ("last_attempt_at")`,
    );
    await q.query(`
      CREATE TABLE "redeemed_challenge" (
        "challenge_hash" VARCHAR(64) PRIMARY KEY,
        "user_id" UUID NOT NULL,
        "expires_at" TIMESTAMPTZ NOT NULL,
        CONSTRAINT "redeemed_challenge_user_id_fkey" FOREIGN KEY ("user_id")
          REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "redeemed_challenge_expires_idx" ON "redeemed_challenge" ("expires_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "redeemed_challenge"`);
    await q.query(`DROP TABLE "login_attempt"`);
  }
}
