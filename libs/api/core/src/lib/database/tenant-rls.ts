import { QueryRunner } from 'typeorm';

/**
 * Row-level security of a tenant table (one with `organization_id`): enabled AND forced (so
 * the table's owner is held too), with one policy keyed on the transaction-local setting that
 * every unit of work starts with: `set_config('hyperion.organization_id', …, true)`. With no
 * organisation set, the table shows no rows and accepts no writes.
 *
 * `alsoVisibleWhen` adds SQL conditions under which a row is visible outside its organisation
 * (e.g. `user_id = hyperion_current_user()` for a user's own memberships, or a lookup by a
 * secret's prefix before the organisation is known). Writes always need the organisation
 * unless `alsoWritableWhen` says otherwise.
 */
export async function enableTenantRls(
  q: QueryRunner,
  table: string,
  options: { alsoVisibleWhen?: string[]; alsoWritableWhen?: string[] } = {},
): Promise<void> {
  const own = `"organization_id" = hyperion_current_org()`;
  const using = [own, ...(options.alsoVisibleWhen ?? [])].join(' OR ');
  const check = [own, ...(options.alsoWritableWhen ?? [])].join(' OR ');
  await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
  await q.query(`DROP POLICY IF EXISTS "${table}_tenant" ON "${table}"`);
  await q.query(
    `CREATE POLICY "${table}_tenant" ON "${table}" USING (${using}) WITH CHECK (${check})`,
  );
}

/** Undoes enableTenantRls (for a migration's `down`). */
export async function disableTenantRls(q: QueryRunner, table: string): Promise<void> {
  await q.query(`DROP POLICY IF EXISTS "${table}_tenant" ON "${table}"`);
  await q.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
}
