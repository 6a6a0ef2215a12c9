import { AlertConfigDomain, AlertsDomain, ServiceDomain } from '@hyperion/api/alerts';
import { AnalyticsDomain } from '@hyperion/api/analytics';
import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { assembleSchema, DomainDefinition } from '@hyperion/api/core';
import { FileRootDomain } from '@hyperion/api/files';
import { HealthDomain } from '@hyperion/api/health';
import { IncidentDomain } from '@hyperion/api/incidents';
import { HostDomain, MonitorDomain, StatusPageDomain } from '@hyperion/api/monitoring';
import { NotificationChannelDomain, OnCallDomain, PagingDomain } from '@hyperion/api/notifications';
import { SshHostDomain } from '@hyperion/api/ssh';

/**
 * Every domain of the API, in dependency order. A new domain (`npx nx g @hyperion/tools:domain`)
 * is one line here: its module, entities, migrations and privileges all come from its lib.
 */
export const DOMAINS: readonly DomainDefinition[] = [
  AuditDomain,
  AuthDomain,
  HealthDomain,
  NotificationChannelDomain,
  OnCallDomain,
  PagingDomain,
  ServiceDomain,
  AlertConfigDomain,
  AlertsDomain,
  IncidentDomain,
  MonitorDomain,
  HostDomain,
  StatusPageDomain,
  SshHostDomain,
  FileRootDomain,
  AnalyticsDomain,
];

const schema = assembleSchema(DOMAINS);

/** Every entity (the migration CLI and the schema-drift test diff these). */
export const ENTITIES = schema.entities;

/** Every migration in timestamp order, and the append-only tables. */
export const DATABASE_SCHEMA = {
  migrations: schema.migrations,
  appendOnlyTables: schema.appendOnlyTables,
};
