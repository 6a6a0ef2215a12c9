import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roles, API keys and sessions belong to an organisation; users join organisations through
 * memberships, which carry their roles there. Everything that existed moves into "Default",
 * and the first account becomes the platform administrator.
 */
export class OrganizationsMemberships1764000000001 implements MigrationInterface {
  name = 'OrganizationsMemberships1764000000001';

  async up(q: QueryRunner): Promise<void> {
    const defaultOrg = `(SELECT "id" FROM "organization" WHERE "slug" = 'default')`;
    const orgFk = (table: string, onDelete = 'CASCADE') =>
      `CONSTRAINT "${table}_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE ${onDelete}`;

    await q.query(`ALTER TABLE "app_user" ADD "platform_admin" BOOLEAN NOT NULL DEFAULT false`);
    await q.query(`UPDATE "app_user" SET "platform_admin" = true
      WHERE "id" = (SELECT "id" FROM "app_user" ORDER BY "created_at", "id" LIMIT 1)`);

    await q.query(`ALTER TABLE "role" ADD "organization_id" UUID`);
    await q.query(`UPDATE "role" SET "organization_id" = ${defaultOrg}`);
    await q.query(`ALTER TABLE "role" ALTER "organization_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "role" ADD ${orgFk('role')}`);
    await q.query(`ALTER TABLE "role" DROP CONSTRAINT "role_name_key"`);
    await q.query(
      `ALTER TABLE "role" ADD CONSTRAINT "role_organization_name_key" UNIQUE ("organization_id", "name")`,
    );

    await q.query(`
      CREATE TABLE "membership" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "user_id" UUID NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('membership')},
        CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "membership_organization_user_key" UNIQUE ("organization_id", "user_id")
      )`);
    await q.query(`CREATE INDEX "membership_user_idx" ON "membership" ("user_id")`);
    await q.query(`
      CREATE TABLE "membership_role" (
        "membership_id" UUID NOT NULL,
        "role_id" UUID NOT NULL,
        "organization_id" UUID NOT NULL,
        PRIMARY KEY ("organization_id", "membership_id", "role_id"),
        ${orgFk('membership_role')},
        CONSTRAINT "membership_role_membership_id_fkey" FOREIGN KEY ("membership_id") REFERENCES "membership"("id") ON DELETE CASCADE,
        CONSTRAINT "membership_role_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "role"("id") ON DELETE CASCADE
      )`);
    await q.query(`INSERT INTO "membership" ("organization_id", "user_id", "created_at")
      SELECT ${defaultOrg}, "id", "created_at" FROM "app_user"`);
    await q.query(`INSERT INTO "membership_role" ("membership_id", "role_id", "organization_id")
      SELECT m."id", ur."role_id", m."organization_id"
        FROM "user_role" ur JOIN "membership" m ON m."user_id" = ur."user_id"`);
    await q.query(`DROP TABLE "user_role"`);

    await q.query(`ALTER TABLE "api_key" ADD "organization_id" UUID`);
    await q.query(`UPDATE "api_key" SET "organization_id" = ${defaultOrg}`);
    await q.query(`ALTER TABLE "api_key" ALTER "organization_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "api_key" ADD ${orgFk('api_key')}`);
    // Unique keys of tenant tables include the organisation; a presented key is found by prefix.
    await q.query(`ALTER TABLE "api_key" DROP CONSTRAINT "api_key_prefix_key"`);
    await q.query(
      `ALTER TABLE "api_key" ADD CONSTRAINT "api_key_organization_prefix_key" UNIQUE ("organization_id", "prefix")`,
    );
    await q.query(`CREATE INDEX "api_key_prefix_idx" ON "api_key" ("prefix")`);

    await q.query(`ALTER TABLE "refresh_token" ADD "organization_id" UUID`);
    await q.query(`UPDATE "refresh_token" SET "organization_id" = ${defaultOrg}`);
    await q.query(`ALTER TABLE "refresh_token" ADD ${orgFk('refresh_token')}`);
    await q.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "refresh_token_hash_key"`);
    await q.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_organization_hash_key" UNIQUE ("organization_id", "token_hash")`,
    );
    await q.query(`CREATE INDEX "refresh_token_hash_idx" ON "refresh_token" ("token_hash")`);

    const mine = `"user_id" = hyperion_current_user()`;
    await enableTenantRls(q, 'role', {
      // The caller's roles in each of their organisations (the organisation switcher).
      alsoVisibleWhen: [
        `"id" IN (SELECT mr."role_id" FROM "membership_role" mr JOIN "membership" m ON m."id" = mr."membership_id" WHERE m.${mine})`,
      ],
    });
    await enableTenantRls(q, 'membership', {
      alsoVisibleWhen: [mine, 'hyperion_platform_scope()'],
    });
    await enableTenantRls(q, 'membership_role', {
      alsoVisibleWhen: [`"membership_id" IN (SELECT "id" FROM "membership" WHERE ${mine})`],
    });
    // A key is found by its prefix before its organisation is known.
    await enableTenantRls(q, 'api_key', {
      alsoVisibleWhen: [`"prefix" = hyperion_lookup('api_key_prefix')`],
    });
    // Sessions belong to their user across organisations; a refresh finds its token by hash.
    await enableTenantRls(q, 'refresh_token', {
      alsoVisibleWhen: [mine, `"token_hash" = hyperion_lookup('refresh_token_hash')`],
      alsoWritableWhen: [mine],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['refresh_token', 'api_key', 'membership_role', 'membership', 'role']) {
      await q.query(`DROP POLICY IF EXISTS "${table}_tenant" ON "${table}"`);
      await q.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP INDEX "refresh_token_hash_idx"`);
    await q.query(
      `ALTER TABLE "refresh_token" DROP CONSTRAINT "refresh_token_organization_hash_key"`,
    );
    await q.query(`ALTER TABLE "refresh_token" DROP COLUMN "organization_id"`);
    await q.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_hash_key" UNIQUE ("token_hash")`,
    );
    await q.query(`DROP INDEX "api_key_prefix_idx"`);
    await q.query(`ALTER TABLE "api_key" DROP CONSTRAINT "api_key_organization_prefix_key"`);
    await q.query(`ALTER TABLE "api_key" DROP COLUMN "organization_id"`);
    await q.query(`ALTER TABLE "api_key" ADD CONSTRAINT "api_key_prefix_key" UNIQUE ("prefix")`);
    await q.query(`
      CREATE TABLE "user_role" (
        "user_id" UUID NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE,
        "role_id" UUID NOT NULL REFERENCES "role"("id") ON DELETE CASCADE,
        PRIMARY KEY ("user_id", "role_id")
      )`);
    await q.query(`INSERT INTO "user_role" ("user_id", "role_id")
      SELECT DISTINCT m."user_id", mr."role_id" FROM "membership_role" mr
        JOIN "membership" m ON m."id" = mr."membership_id"
        JOIN "organization" o ON o."id" = m."organization_id" AND o."slug" = 'default'`);
    await q.query(`DROP TABLE "membership_role"`);
    await q.query(`DROP TABLE "membership"`);
    await q.query(
      `DELETE FROM "role" WHERE "organization_id" <> (SELECT "id" FROM "organization" WHERE "slug" = 'default')`,
    );
    await q.query(`ALTER TABLE "role" DROP CONSTRAINT "role_organization_name_key"`);
    await q.query(`ALTER TABLE "role" DROP COLUMN "organization_id"`);
    await q.query(`ALTER TABLE "role" ADD CONSTRAINT "role_name_key" UNIQUE ("name")`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "platform_admin"`);
  }
}
