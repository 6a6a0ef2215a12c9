import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { describeDomainMigration } from '@hyperion/api/testing';

import { OnCallDomain } from '../on-call/on-call.domain';
import { PagingDomain } from './paging.domain';

/** The paging migration on an empty database of its own: it matches the entities, and it reverts. */
describeDomainMigration('Paging migration', {
  domain: PagingDomain,
  buildsOn: [AuditDomain, AuthDomain, OnCallDomain],
  tables: ['page', 'page_step'],
});
