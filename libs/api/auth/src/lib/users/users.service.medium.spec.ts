import { AuditDomain, AuditModule } from '@hyperion/api/audit';
import type { Actor } from '@hyperion/api/core';
import { RequestContext, UnitOfWork } from '@hyperion/api/core';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import { PERMISSIONS } from '@hyperion/contracts';

import { AuthDomain } from '../auth.domain';
import { AuthModule } from '../auth.module';
import { RolesService } from '../roles/roles.service';
import { UsersService } from './users.service';

/**
 * UsersService on real PostgreSQL, as the application role under row-level security: the last
 * active `users:admin` of an organisation survives two administrators demoting or disabling each
 * other at the same moment, and members are scoped to their organisation.
 */
describe('UsersService (medium: real PostgreSQL)', () => {
  let t: MediumTest;
  let users: UsersService;

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [AuthDomain, AuditDomain],
      imports: [AuditModule, AuthModule],
    });
    users = t.get(UsersService);
  });

  afterAll(() => t?.close());

  const actorFor = (organizationId: string, id: string, name: string): Actor => ({
    type: 'user',
    id,
    name,
    // The built-in admin role: every organisation permission.
    permissions: [...PERMISSIONS],
    organizationId,
    sessionId: null,
  });

  /** Whoever creates the first accounts holds every permission (as the seeded admin does). */
  const seeder = (organizationId: string): Actor => actorFor(organizationId, 'seed', 'seed');

  async function organizationWithAdmins(count: number) {
    const org = await t.createOrganization();
    await t.as(org, () => t.get(RolesService).seedBuiltIns());
    const admins = [];
    for (let i = 0; i < count; i++) {
      const name = `adm${i}-${org.slice(0, 8)}`;
      admins.push(
        await t.as(org, () =>
          users.create(seeder(org), {
            username: name,
            email: `${name}@example.test`,
            displayName: name,
            password: 'a-long-password-123',
            roles: ['admin'],
          }),
        ),
      );
    }
    return { org, admins };
  }

  const activeAdmins = async (org: string) =>
    (
      await t.ownerQuery<{ n: number }>(
        `SELECT count(DISTINCT u.id)::int AS n FROM membership m JOIN app_user u ON u.id = m.user_id
           JOIN membership_role mr ON mr.membership_id = m.id JOIN role r ON r.id = mr.role_id
          WHERE m.organization_id = $1 AND u.status = 'active' AND 'users:admin' = ANY (r.permissions)`,
        [org],
      )
    )[0].n;

  it.each([
    ['demote', { roles: ['viewer'] }],
    ['disable', { status: 'disabled' as const }],
  ])(
    'two administrators who %s each other at once: one wins, one administrator is left',
    async (_name, change) => {
      for (let round = 0; round < 5; round++) {
        const { org, admins } = await organizationWithAdmins(2);
        const [a, b] = admins;
        const results = await Promise.allSettled([
          t.as(
            org,
            () => users.update(actorFor(org, a.id, a.username), b.id, change),
            actorFor(org, a.id, a.username),
          ),
          t.as(
            org,
            () => users.update(actorFor(org, b.id, b.username), a.id, change),
            actorFor(org, b.id, b.username),
          ),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(String(refused.reason)).toMatch(/last active account with users:admin/);
        expect(await activeAdmins(org)).toBe(1);
      }
    },
  );

  it("lists only the organisation's members, and answers not found for another's", async () => {
    const one = await organizationWithAdmins(1);
    const two = await organizationWithAdmins(1);
    const listed = await t.as(one.org, () => users.list());
    expect(listed.items.map((u) => u.id)).toEqual([one.admins[0].id]);
    expect(listed.total).toBe(1);
    await expect(
      t.as(one.org, () =>
        users.update(actorFor(one.org, one.admins[0].id, 'x'), two.admins[0].id, {
          displayName: 'x',
        }),
      ),
    ).rejects.toThrow(/User not found/);
  });

  it('a repository outside a unit of work refuses to run', async () => {
    const uow = t.get(UnitOfWork);
    expect(() => RequestContext.run({}, () => uow.manager)).toThrow(/No unit of work/);
  });
});
