import type { DomainDefinition } from '@hyperion/api/core';

import { AuditChainHeadEntity } from './audit-chain-head.entity';
import { AuditLogEntity } from './audit-log.entity';
import { AuditModule } from './audit.module';
import { AuditOrganization1764000000002 } from './migrations/1764000000002-audit-organization';
import { AuditHashChain1764300000000 } from './migrations/1764300000000-audit-hash-chain';

/**
 * The append-only, hash-chained audit log (its table is created by the identity migration that
 * came first). The chain heads are written only by the table's trigger, as the owner.
 */
export const AuditDomain: DomainDefinition = {
  name: 'audit',
  module: AuditModule,
  entities: [AuditLogEntity, AuditChainHeadEntity],
  migrations: [AuditOrganization1764000000002, AuditHashChain1764300000000],
  appendOnlyTables: ['audit_log', 'audit_chain_head'],
};
