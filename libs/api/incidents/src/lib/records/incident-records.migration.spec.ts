import { AlertsDomain, ServiceDomain } from '@hyperion/api/alerts';
import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { describeDomainMigration } from '@hyperion/api/testing';

import { IncidentDomain } from '../incident.domain';
import { INCIDENT_RECORDS_MIGRATIONS } from './incident-records';

/**
 * The records migration (after the core's) on an empty database of its own: it matches the
 * entities (foreign keys and their ON DELETE included), and it reverts.
 */
describeDomainMigration('Incident records migration', {
  domain: IncidentDomain,
  migrations: INCIDENT_RECORDS_MIGRATIONS,
  buildsOn: [AuditDomain, AuthDomain, ServiceDomain, AlertsDomain],
  tables: ['incident_action_item', 'incident_attachment', 'incident_postmortem'],
});
