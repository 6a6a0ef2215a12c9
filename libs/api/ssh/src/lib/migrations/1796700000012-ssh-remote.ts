import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The ssh_host columns this migration adds, in order (dropped in reverse by `down`). */
const HOST_COLUMNS = [
  `"address" VARCHAR(253) NOT NULL DEFAULT ''`,
  `"port" INTEGER NOT NULL DEFAULT 22`,
  `"username" VARCHAR(64) NOT NULL DEFAULT ''`,
  `"auth_method" VARCHAR(16) NOT NULL DEFAULT 'password'`,
  `"credentials" TEXT NOT NULL DEFAULT ''`,
  `"jump_host_id" UUID`,
  `"tags" JSONB NOT NULL DEFAULT '[]'`,
  `"host_key_fingerprint" VARCHAR(64)`,
  `"host_key_type" VARCHAR(64)`,
  `"host_key_trusted_at" TIMESTAMPTZ`,
  `"host_key_pending_fingerprint" VARCHAR(64)`,
  `"host_key_pending_type" VARCHAR(64)`,
];

/** The columns given a default only so that rows made before this migration get a value. */
const BACKFILLED = ['address', 'port', 'username', 'auth_method', 'credentials', 'tags'];

/**
 * What connecting to a host needs (address, user, sealed credentials, jump host, trusted host
 * key) on ssh_host, and the ssh_exec history of commands, exactly as SshHostEntity and
 * SshExecEntity describe them, with row-level security. Rows made before this migration get
 * placeholders (an empty address cannot connect); the defaults go afterwards, as the entity has
 * none.
 */
export class SshRemote1796700000012 implements MigrationInterface {
  name = 'SshRemote1796700000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "ssh_host" ${HOST_COLUMNS.map((c) => `ADD COLUMN ${c}`).join(', ')}`,
    );
    await q.query(
      `ALTER TABLE "ssh_host" ${BACKFILLED.map((c) => `ALTER COLUMN "${c}" DROP DEFAULT`).join(', ')}`,
    );
    await q.query(`
      ALTER TABLE "ssh_host" ADD CONSTRAINT "ssh_host_jump_host_id_fkey"
        FOREIGN KEY ("jump_host_id") REFERENCES "ssh_host"("id") ON DELETE RESTRICT`);

    await q.query(`
      CREATE TABLE "ssh_exec" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "host_id" UUID NOT NULL,
        "user_id" UUID,
        "command" VARCHAR(4096) NOT NULL,
        "exit_code" INTEGER,
        "signal" VARCHAR(32),
        "stdout" TEXT NOT NULL,
        "stderr" TEXT NOT NULL,
        "truncated" BOOLEAN NOT NULL,
        "timed_out" BOOLEAN NOT NULL,
        "duration_ms" INTEGER NOT NULL,
        "started_at" TIMESTAMPTZ NOT NULL,
        "finished_at" TIMESTAMPTZ NOT NULL,
        CONSTRAINT "ssh_exec_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "ssh_exec_host_id_fkey" FOREIGN KEY ("host_id")
          REFERENCES "ssh_host"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "ssh_exec_host_started_idx" ON "ssh_exec" ("host_id", "started_at")`,
    );
    await enableTenantRls(q, 'ssh_exec');
  }

  async down(q: QueryRunner): Promise<void> {
    // Its policy goes with it.
    await q.query(`DROP TABLE "ssh_exec"`);
    await q.query(`ALTER TABLE "ssh_host" DROP CONSTRAINT "ssh_host_jump_host_id_fkey"`);
    const names = HOST_COLUMNS.map((c) => c.split(' ')[0]).reverse();
    await q.query(`ALTER TABLE "ssh_host" ${names.map((n) => `DROP COLUMN ${n}`).join(', ')}`);
  }
}
