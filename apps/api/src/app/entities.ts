import { AuditLogEntity } from '@hyperion/api/audit';
import { AUTH_ENTITIES } from '@hyperion/api/auth';
import { HealthTransitionEntity } from '@hyperion/api/health';

/** Every entity of every domain: the migration CLI and the schema-drift test diff these. */
export const ENTITIES = [HealthTransitionEntity, ...AUTH_ENTITIES, AuditLogEntity];
