import type { DomainDefinition } from '@hyperion/api/core';

import { IncidentAlertEntity } from './entities/incident-alert.entity';
import { IncidentSettingsEntity } from './entities/incident-settings.entity';
import { IncidentTimelineEntity } from './entities/incident-timeline.entity';
import { IncidentEntity } from './entities/incident.entity';
import { IncidentModule } from './incident.module';
import { Incident1796637434143 } from './migrations/1796637434143-incident';
import { INCIDENT_RECORDS_ENTITIES, INCIDENT_RECORDS_MIGRATIONS } from './records/incident-records';

/** What apps/api registers of this domain (one line in DOMAINS, after the alerts domains). */
export const IncidentDomain: DomainDefinition = {
  name: 'incident',
  module: IncidentModule,
  entities: [
    IncidentEntity,
    IncidentTimelineEntity,
    IncidentAlertEntity,
    IncidentSettingsEntity,
    ...INCIDENT_RECORDS_ENTITIES,
  ],
  migrations: [Incident1796637434143, ...INCIDENT_RECORDS_MIGRATIONS],
};
