import { createHmac } from 'node:crypto';

import type { QueryRunner } from 'typeorm';

/** What the schema asks of the application role beyond plain read/write. */
export interface SchemaPrivileges {
  /** Tables the application may only INSERT into and SELECT from (the audit log). */
  appendOnlyTables: readonly string[];
}

/** The database name in a postgres:// URL. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/** `<database>_app`, as a safe identifier (at most 63 characters). */
export function appRoleName(ownerUrl: string): string {
  return `${databaseName(ownerUrl)
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')}`
    .slice(0, 59)
    .concat('_app');
}

/**
 * The application role's password: derived from the deployment's encryption key, so every
 * instance sharing the key (as they must) computes the same one and none is stored anywhere.
 */
export function appRolePassword(encryptionKey: Buffer, role: string): string {
  return createHmac('sha256', encryptionKey)
    .update(`hyperion:database-app-role:${role}`)
    .digest('base64url');
}

/** The owner URL with the application role's credentials. */
export function appDatabaseUrl(ownerUrl: string, role: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Creates (or brings back in line) the role the application connects as: it can log in, read
 * and write the tables, but is no superuser, owns nothing, cannot bypass row-level security,
 * and may only INSERT and SELECT the append-only tables. Run as the owner, after migrations.
 */
export async function ensureAppRole(
  owner: QueryRunner,
  role: string,
  password: string,
  privileges: SchemaPrivileges,
): Promise<void> {
  const database = (await owner.query(`SELECT current_database() AS name`))[0].name as string;
  const exists = await owner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
  const attributes = 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION';
  if (exists.length === 0) {
    await owner.query(`CREATE ROLE ${ident(role)} ${attributes} PASSWORD ${literal(password)}`);
  } else {
    await owner.query(`ALTER ROLE ${ident(role)} ${attributes} PASSWORD ${literal(password)}`);
  }
  await grantAppPrivileges(owner, role, database, privileges);
}

/** The application role's privileges on the current database (idempotent). */
export async function grantAppPrivileges(
  owner: QueryRunner,
  role: string,
  database: string,
  privileges: SchemaPrivileges,
): Promise<void> {
  const r = ident(role);
  await owner.query(`GRANT CONNECT ON DATABASE ${ident(database)} TO ${r}`);
  await owner.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
  await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
  await owner.query(`REVOKE ALL ON "typeorm_migrations" FROM ${r}`);
  for (const table of privileges.appendOnlyTables) {
    await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${ident(table)} FROM ${r}`);
  }
}

/** Why a role must not be the application's (null when it is fit). */
export async function unsafeAppRole(runner: {
  query(sql: string): Promise<{ rolsuper: boolean; rolbypassrls: boolean; owns: boolean }[]>;
}): Promise<string | null> {
  const [role] = await runner.query(
    `SELECT r.rolsuper, r.rolbypassrls,
            EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public'
                      AND t.tableowner = current_user) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  if (!role) return 'the role was not found';
  if (role.rolsuper) return 'it is a superuser';
  if (role.rolbypassrls) return 'it has BYPASSRLS';
  if (role.owns) return 'it owns tables';
  return null;
}
