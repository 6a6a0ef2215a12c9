import type { DomainDefinition } from '@hyperion/api/core';

import { AuditLogEntity } from './audit-log.entity';
import { AuditModule } from './audit.module';
import { AuditOrganization1764000000002 } from './migrations/1764000000002-audit-organization';

/** The append-only audit log (its table is created by the identity migration that came first). */
export const AuditDomain: DomainDefinition = {
  name: 'audit',
  module: AuditModule,
  entities: [AuditLogEntity],
  migrations: [AuditOrganization1764000000002],
  appendOnlyTables: ['audit_log'],
};
