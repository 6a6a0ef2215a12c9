import type { DomainDefinition } from '@hyperion/api/core';

import { AuthModule } from './auth.module';
import { AUTH_ENTITIES } from './entities';
import { IdentityAndAudit1763800000000 } from './migrations/1763800000000-identity-and-audit';
import { OrganizationsMemberships1764000000001 } from './migrations/1764000000001-organizations-memberships';
import { SessionDetails1764200000000 } from './migrations/1764200000000-session-details';
import { LoginAttempts1764400000000 } from './migrations/1764400000000-login-attempts';

/** Identity and access: accounts, memberships, roles, sessions, API keys, platform administration. */
export const AuthDomain: DomainDefinition = {
  name: 'auth',
  module: AuthModule,
  entities: AUTH_ENTITIES,
  migrations: [
    IdentityAndAudit1763800000000,
    OrganizationsMemberships1764000000001,
    SessionDetails1764200000000,
    LoginAttempts1764400000000,
  ],
};
