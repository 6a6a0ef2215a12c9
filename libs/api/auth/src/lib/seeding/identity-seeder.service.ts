import { AuditService } from '@hyperion/api/audit';
import { AppConfig, DatabaseLifecycle, SYSTEM_ACTOR } from '@hyperion/api/core';
import { BUILT_IN_ROLES, BuiltInRoleName } from '@hyperion/contracts';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';

import { hashSecret, randomPassword } from '../passwords/passwords';
import { RolesRepository } from '../roles/roles.repository';
import { userTarget } from '../users/user-actor';
import { UsersRepository } from '../users/users.repository';

const DESCRIPTIONS: Record<BuiltInRoleName, string> = {
  admin: 'Everything, including users, roles, API keys and the audit log',
  operator: 'Runs operations: incidents, alerts, monitoring control, SSH and files',
  viewer: 'Reads incidents, alerts, monitoring and files',
};

/**
 * On every start, once the database is migrated: the built-in roles (kept in sync with the
 * contracts), and on the very first start the `admin` account, with ADMIN_PASSWORD or a random
 * password printed once in the log and to be changed at first login.
 */
@Injectable()
export class IdentitySeeder implements OnModuleInit {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly database: DatabaseLifecycle,
    private readonly roles: RolesRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.database.onReady(() => this.seed());
  }

  async seed(): Promise<void> {
    for (const [name, permissions] of Object.entries(BUILT_IN_ROLES)) {
      await this.roles.upsertBuiltIn({
        name,
        description: DESCRIPTIONS[name as BuiltInRoleName],
        permissions: [...permissions],
      });
    }
    await this.seedAdmin();
  }

  private async seedAdmin(): Promise<void> {
    const [adminRole] = await this.roles.findByNames(['admin']);
    const generated = this.config.adminPassword ? undefined : randomPassword(20);
    const password = this.config.adminPassword ?? (generated as string);
    const admin = await this.users.createFirstUser(
      {
        username: 'admin',
        email: 'admin@localhost',
        displayName: 'Administrator',
        passwordHash: await hashSecret(password),
        mustChangePassword: generated !== undefined,
      },
      adminRole ? [adminRole.id] : [],
    );
    if (!admin) return;
    if (generated) {
      this.logger.warn(
        `Created the first account "admin". Initial admin password: ${generated} ` +
          '(shown once; it must be changed at first login)',
      );
    } else {
      this.logger.log('Created the first account "admin" with ADMIN_PASSWORD');
    }
    await this.audit.record({
      actor: SYSTEM_ACTOR,
      action: 'user_created',
      target: userTarget(admin.id),
      result: 'success',
      details: {
        username: 'admin',
        roles: ['admin'],
        passwordFrom: generated ? 'random' : 'ADMIN_PASSWORD',
      },
      meta: { ip: null, userAgent: null, correlationId: null },
    });
  }
}
