import { HealthTransitionEntity } from '@hyperion/api/health';

/** Every entity of every domain: the migration CLI and the schema-drift test diff these. */
export const ENTITIES = [HealthTransitionEntity];
