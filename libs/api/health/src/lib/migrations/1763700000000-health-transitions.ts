import { MigrationInterface, QueryRunner } from 'typeorm';

/** History of health status changes, written by the health monitor. */
export class HealthTransitions1763700000000 implements MigrationInterface {
  name = 'HealthTransitions1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "health_transition" (
        "id" BIGSERIAL PRIMARY KEY,
        "occurred_at" TIMESTAMPTZ NOT NULL,
        "status" VARCHAR(16) NOT NULL,
        "database" VARCHAR(8) NOT NULL,
        "redis" VARCHAR(8) NOT NULL,
        "disk_healthy" BOOLEAN NOT NULL,
        "memory_healthy" BOOLEAN NOT NULL,
        "errors" JSONB NOT NULL DEFAULT '[]',
        CONSTRAINT "health_transition_status_check" CHECK ("status" IN ('healthy', 'unhealthy'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "health_transition_occurred_at_idx" ON "health_transition" ("occurred_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "health_transition"`);
  }
}
