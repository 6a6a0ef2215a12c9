import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, roles, refresh tokens, API keys, 2FA recovery codes, and the append-only audit log. */
export class IdentityAndAudit1763800000000 implements MigrationInterface {
  name = 'IdentityAndAudit1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "role" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" VARCHAR(64) NOT NULL,
        "description" VARCHAR(256) NOT NULL DEFAULT '',
        "permissions" TEXT[] NOT NULL DEFAULT '{}',
        "built_in" BOOLEAN NOT NULL DEFAULT false,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "role_name_key" UNIQUE ("name")
      )`);
    await q.query(`
      CREATE TABLE "app_user" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "username" VARCHAR(64) NOT NULL,
        "email" VARCHAR(254) NOT NULL,
        "display_name" VARCHAR(128) NOT NULL,
        "password_hash" VARCHAR(256) NOT NULL,
        "status" VARCHAR(16) NOT NULL DEFAULT 'active',
        "must_change_password" BOOLEAN NOT NULL DEFAULT false,
        "totp_secret_enc" TEXT,
        "totp_pending_enc" TEXT,
        "totp_enabled" BOOLEAN NOT NULL DEFAULT false,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "app_user_username_key" UNIQUE ("username"),
        CONSTRAINT "app_user_email_key" UNIQUE ("email"),
        CONSTRAINT "app_user_status_check" CHECK ("status" IN ('active', 'disabled'))
      )`);
    await q.query(`
      CREATE TABLE "user_role" (
        "user_id" UUID NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE,
        "role_id" UUID NOT NULL REFERENCES "role"("id") ON DELETE CASCADE,
        PRIMARY KEY ("user_id", "role_id")
      )`);
    await q.query(`
      CREATE TABLE "recovery_code" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" UUID NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE,
        "code_hash" VARCHAR(256) NOT NULL,
        "used_at" TIMESTAMPTZ
      )`);
    await q.query(`CREATE INDEX "recovery_code_user_idx" ON "recovery_code" ("user_id")`);
    await q.query(`
      CREATE TABLE "refresh_token" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" UUID NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE,
        "family_id" UUID NOT NULL,
        "token_hash" VARCHAR(128) NOT NULL,
        "expires_at" TIMESTAMPTZ NOT NULL,
        "revoked_at" TIMESTAMPTZ,
        "replaced_by" UUID,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "ip" VARCHAR(64),
        "user_agent" VARCHAR(512),
        CONSTRAINT "refresh_token_hash_key" UNIQUE ("token_hash")
      )`);
    await q.query(`CREATE INDEX "refresh_token_family_idx" ON "refresh_token" ("family_id")`);
    await q.query(`
      CREATE TABLE "api_key" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" VARCHAR(128) NOT NULL,
        "prefix" VARCHAR(16) NOT NULL,
        "key_hash" VARCHAR(128) NOT NULL,
        "permissions" TEXT[] NOT NULL DEFAULT '{}',
        "created_by" UUID REFERENCES "app_user"("id") ON DELETE SET NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "last_used_at" TIMESTAMPTZ,
        "revoked_at" TIMESTAMPTZ,
        CONSTRAINT "api_key_prefix_key" UNIQUE ("prefix")
      )`);
    await q.query(`
      CREATE TABLE "audit_log" (
        "id" BIGSERIAL PRIMARY KEY,
        "occurred_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "actor_type" VARCHAR(16) NOT NULL,
        "actor_id" VARCHAR(64),
        "actor_name" VARCHAR(128),
        "action" VARCHAR(64) NOT NULL,
        "target" VARCHAR(256),
        "ip" VARCHAR(64),
        "user_agent" VARCHAR(512),
        "result" VARCHAR(16) NOT NULL,
        "details" JSONB NOT NULL DEFAULT '{}',
        "correlation_id" VARCHAR(64),
        CONSTRAINT "audit_log_result_check" CHECK ("result" IN ('success', 'failure')),
        CONSTRAINT "audit_log_actor_type_check"
          CHECK ("actor_type" IN ('user', 'api_key', 'system', 'anonymous'))
      )`);
    await q.query(`CREATE INDEX "audit_log_occurred_at_idx" ON "audit_log" ("occurred_at")`);
    await q.query(`CREATE INDEX "audit_log_actor_idx" ON "audit_log" ("actor_id", "occurred_at")`);
    await q.query(`CREATE INDEX "audit_log_action_idx" ON "audit_log" ("action", "occurred_at")`);
    await q.query(`CREATE INDEX "audit_log_target_idx" ON "audit_log" ("target", "occurred_at")`);
    // Append-only, whoever connects: the API has no such endpoint, and the database refuses too.
    await q.query(`
      CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER "audit_log_no_update_delete"
      BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_log"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP FUNCTION "audit_log_append_only"()`);
    await q.query(`DROP TABLE "api_key"`);
    await q.query(`DROP TABLE "refresh_token"`);
    await q.query(`DROP TABLE "recovery_code"`);
    await q.query(`DROP TABLE "user_role"`);
    await q.query(`DROP TABLE "app_user"`);
    await q.query(`DROP TABLE "role"`);
  }
}
