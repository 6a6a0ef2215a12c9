import { MigrationInterface, QueryRunner } from 'typeorm';

import { enableTenantRls } from '../tenant-rls';

/**
 * The platform's own schema: organisations, the outbox, and the SQL functions every tenant
 * policy reads (the transaction-local settings a unit of work sets).
 */
export class OrganizationsAndOutbox1764000000000 implements MigrationInterface {
  name = 'OrganizationsAndOutbox1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION hyperion_current_org() RETURNS uuid LANGUAGE sql STABLE AS $$
        SELECT nullif(current_setting('hyperion.organization_id', true), '')::uuid
      $$`);
    await q.query(`
      CREATE FUNCTION hyperion_current_user() RETURNS uuid LANGUAGE sql STABLE AS $$
        SELECT nullif(current_setting('hyperion.user_id', true), '')::uuid
      $$`);
    await q.query(`
      CREATE FUNCTION hyperion_platform_scope() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('hyperion.platform', true), '') = 'on'
      $$`);
    await q.query(`
      CREATE FUNCTION hyperion_lookup(name text) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT nullif(current_setting('hyperion.lookup_' || name, true), '')
      $$`);
    await q.query(`
      CREATE TABLE "organization" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" VARCHAR(128) NOT NULL,
        "slug" VARCHAR(48) NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "disabled_at" TIMESTAMPTZ,
        CONSTRAINT "organization_slug_key" UNIQUE ("slug")
      )`);
    await q.query(`INSERT INTO "organization" ("name", "slug") VALUES ('Default', 'default')`);
    await q.query(`
      CREATE TABLE "outbox" (
        "id" BIGSERIAL PRIMARY KEY,
        "organization_id" UUID,
        "kind" VARCHAR(16) NOT NULL,
        "payload" JSONB NOT NULL,
        "correlation_id" VARCHAR(64),
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "attempts" INTEGER NOT NULL DEFAULT 0,
        "last_error" VARCHAR(512),
        CONSTRAINT "outbox_kind_check" CHECK ("kind" IN ('event', 'job')),
        CONSTRAINT "outbox_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE
      )`);
    // Written by units of work in their organisation; drained by the relay in platform scope.
    await enableTenantRls(q, 'outbox', {
      alsoVisibleWhen: ['hyperion_platform_scope()'],
      alsoWritableWhen: ['hyperion_platform_scope()'],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "outbox"`);
    await q.query(`DROP TABLE "organization"`);
    await q.query(`DROP FUNCTION hyperion_lookup(text)`);
    await q.query(`DROP FUNCTION hyperion_platform_scope()`);
    await q.query(`DROP FUNCTION hyperion_current_user()`);
    await q.query(`DROP FUNCTION hyperion_current_org()`);
  }
}
