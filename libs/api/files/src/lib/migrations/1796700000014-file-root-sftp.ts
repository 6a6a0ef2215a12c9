import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * File roots on SSH hosts (kind `sftp`) and a per-root upload limit. `ssh_host_id` cascades:
 * deleting an SSH host deletes the SFTP roots on it (they cannot work without it). The SSH
 * module's delete maps only its own constraints to 409, so a RESTRICT here would answer 500.
 */
export class FileRootSftp1796700000014 implements MigrationInterface {
  name = 'FileRootSftp1796700000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "file_root"
        ADD COLUMN "ssh_host_id" UUID NULL,
        ADD COLUMN "max_upload_bytes" BIGINT NULL,
        ADD CONSTRAINT "file_root_ssh_host_id_fkey" FOREIGN KEY ("ssh_host_id")
          REFERENCES "ssh_host"("id") ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "file_root"
        DROP CONSTRAINT "file_root_ssh_host_id_fkey",
        DROP COLUMN "max_upload_bytes",
        DROP COLUMN "ssh_host_id"`);
  }
}
