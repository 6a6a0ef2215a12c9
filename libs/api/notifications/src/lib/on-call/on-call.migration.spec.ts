import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { describeDomainMigration } from '@hyperion/api/testing';

import { OnCallDomain } from './on-call.domain';

/** The on-call migration on an empty database of its own: it matches the entities, and it reverts. */
describeDomainMigration('OnCall migration', {
  domain: OnCallDomain,
  buildsOn: [AuditDomain, AuthDomain],
  tables: ['contact', 'team', 'team_member', 'schedule', 'schedule_override'],
});
