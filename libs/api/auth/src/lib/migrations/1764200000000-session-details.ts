import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sessions list (`GET /auth/sessions`): each refresh token carries how its session was opened
 * and when it began (copied to every successor, so the live token alone describes the session),
 * and the user's tokens are found by an index.
 */
export class SessionDetails1764200000000 implements MigrationInterface {
  name = 'SessionDetails1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "refresh_token" ADD "method" VARCHAR(32)`);
    await q.query(
      `ALTER TABLE "refresh_token" ADD "session_started_at" TIMESTAMPTZ NOT NULL DEFAULT now()`,
    );
    await q.query(`
      UPDATE "refresh_token" t SET "session_started_at" = f."started"
        FROM (SELECT "family_id", min("created_at") AS "started"
                FROM "refresh_token" GROUP BY "family_id") f
       WHERE f."family_id" = t."family_id"`);
    await q.query(`CREATE INDEX "refresh_token_user_idx" ON "refresh_token" ("user_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "refresh_token_user_idx"`);
    await q.query(`ALTER TABLE "refresh_token" DROP COLUMN "session_started_at"`);
    await q.query(`ALTER TABLE "refresh_token" DROP COLUMN "method"`);
  }
}
