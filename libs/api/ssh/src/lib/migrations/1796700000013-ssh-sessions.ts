import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The instance-level sweeps (sessions of a gone instance, retention) work across organisations. */
const PLATFORM_SWEEPS = {
  alsoVisibleWhen: ['hyperion_platform_scope()'],
  alsoWritableWhen: ['hyperion_platform_scope()'],
};

/**
 * Keyboard-interactive hosts (a longer auth_method), and browser terminal sessions and the command lines typed in them (ssh_session,
 * ssh_session_command), exactly as SshSessionEntity and SshSessionCommandEntity describe them,
 * with row-level security forced; the platform scope lets the sweeps reach every organisation.
 */
export class SshSessions1796700000013 implements MigrationInterface {
  name = 'SshSessions1796700000013';

  async up(q: QueryRunner): Promise<void> {
    // 'keyboard-interactive' is longer than the 16 characters the column had.
    await q.query(`ALTER TABLE "ssh_host" ALTER COLUMN "auth_method" TYPE VARCHAR(32)`);
    await q.query(`
      CREATE TABLE "ssh_session" (
        "id" UUID PRIMARY KEY,
        "organization_id" UUID NOT NULL,
        "host_id" UUID NOT NULL,
        "host_name" VARCHAR(128) NOT NULL,
        "target" VARCHAR(400) NOT NULL,
        "user_id" UUID,
        "username" VARCHAR(128),
        "state" VARCHAR(8) NOT NULL,
        "end_reason" VARCHAR(16),
        "exit_code" INTEGER,
        "cols" INTEGER NOT NULL,
        "rows" INTEGER NOT NULL,
        "records_input" BOOLEAN NOT NULL,
        "command_count" INTEGER NOT NULL,
        "recording_bytes" BIGINT NOT NULL,
        "instance_id" VARCHAR(200) NOT NULL,
        "heartbeat_at" TIMESTAMPTZ NOT NULL,
        "started_at" TIMESTAMPTZ NOT NULL,
        "last_activity_at" TIMESTAMPTZ NOT NULL,
        "ended_at" TIMESTAMPTZ,
        CONSTRAINT "ssh_session_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "ssh_session_organization_started_idx" ON "ssh_session" ("organization_id", "started_at")`,
    );
    await q.query(
      `CREATE INDEX "ssh_session_state_heartbeat_idx" ON "ssh_session" ("state", "heartbeat_at")`,
    );
    await enableTenantRls(q, 'ssh_session', PLATFORM_SWEEPS);

    await q.query(`
      CREATE TABLE "ssh_session_command" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "session_id" UUID NOT NULL,
        "host_id" UUID NOT NULL,
        "host_name" VARCHAR(128) NOT NULL,
        "user_id" UUID,
        "command" VARCHAR(4096) NOT NULL,
        "offset_seconds" DOUBLE PRECISION NOT NULL,
        "at" TIMESTAMPTZ NOT NULL,
        CONSTRAINT "ssh_session_command_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "ssh_session_command_session_id_fkey" FOREIGN KEY ("session_id")
          REFERENCES "ssh_session"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "ssh_session_command_session_at_idx" ON "ssh_session_command" ("session_id", "at")`,
    );
    await q.query(
      `CREATE INDEX "ssh_session_command_organization_at_idx" ON "ssh_session_command" ("organization_id", "at")`,
    );
    await enableTenantRls(q, 'ssh_session_command', PLATFORM_SWEEPS);
  }

  async down(q: QueryRunner): Promise<void> {
    // Their policies go with them.
    await q.query(`DROP TABLE "ssh_session_command"`);
    await q.query(`DROP TABLE "ssh_session"`);
    await q.query(`ALTER TABLE "ssh_host" ALTER COLUMN "auth_method" TYPE VARCHAR(16)`);
  }
}
