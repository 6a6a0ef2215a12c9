import {
  AppConfig,
  DatabaseLifecycle,
  RequestContext,
  SYSTEM_ACTOR,
  UnitOfWork,
} from '@hyperion/api/core';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';

import { PasswordHasher } from '../passwords/password-hasher.service';
import { PasswordStrength } from '../passwords/password-strength.service';
import { randomPassword } from '../passwords/passwords';
import { OrganizationsRepository } from '../platform/organizations.repository';
import { RolesRepository } from '../roles/roles.repository';
import { RolesService } from '../roles/roles.service';
import { MembershipsRepository } from '../users/memberships.repository';
import { userTarget } from '../users/user-actor';
import { UsersRepository } from '../users/users.repository';

/**
 * On every start, once the database is migrated: the built-in roles of every organisation
 * (kept in line with the contracts), and on the very first start the `admin` account, member
 * and administrator of "Default" and platform administrator, with ADMIN_PASSWORD or a random
 * password printed once in the log and to be changed at first login.
 */
@Injectable()
export class IdentitySeeder implements OnModuleInit {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly database: DatabaseLifecycle,
    private readonly organizations: OrganizationsRepository,
    private readonly roles: RolesService,
    private readonly rolesRepository: RolesRepository,
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    this.database.onReady(() => RequestContext.run({ actor: SYSTEM_ACTOR }, () => this.seed()));
  }

  async seed(): Promise<void> {
    const organizations = await this.uow.run(() => this.organizations.list(), {
      organizationId: null,
      platform: true,
    });
    for (const org of organizations) {
      await RequestContext.fork({ organizationId: org.id }, () => this.roles.seedBuiltIns());
    }
    const home = organizations.find((o) => o.slug === 'default') ?? organizations[0];
    if (home) await this.seedAdmin(home.id);
  }

  private async seedAdmin(organizationId: string): Promise<void> {
    const generated = this.config.adminPassword ? undefined : randomPassword(20);
    const password = this.config.adminPassword ?? (generated as string);
    const passwordHash = await this.hasher.hash(password);
    const admin = await this.uow.run(
      async (tx) => {
        const created = await this.users.createFirstUser({
          username: 'admin',
          email: 'admin@localhost',
          displayName: 'Administrator',
          passwordHash,
          mustChangePassword: generated !== undefined,
          platformAdmin: true,
        });
        if (!created) return null;
        const [adminRole] = await this.rolesRepository.findByNames(['admin']);
        await this.memberships.add(created.id, adminRole ? [adminRole.id] : []);
        await tx.audit({
          action: 'user_created',
          target: userTarget(created.id),
          result: 'success',
          details: {
            username: 'admin',
            roles: ['admin'],
            platformAdmin: true,
            passwordFrom: generated ? 'random' : 'ADMIN_PASSWORD',
          },
        });
        return created;
      },
      { organizationId },
    );
    if (!admin) return;
    if (generated) {
      this.logger.warn(
        `Created the first account "admin". Initial admin password: ${generated} ` +
          '(shown once; it must be changed at first login)',
      );
    } else {
      this.logger.log('Created the first account "admin" with ADMIN_PASSWORD');
      // The operator chose it: kept, but they are told when it would not pass the policy.
      const problem = await this.strength.problem('ADMIN_PASSWORD', password, admin);
      if (problem) this.logger.warn(`${problem}; change it after signing in`);
    }
  }
}
