import { AlertEntity, AlertsModule } from '@hyperion/api/alerts';
import { PagingModule } from '@hyperion/api/notifications';
import { QUEUES } from '@hyperion/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { IncidentAlertEntity } from './entities/incident-alert.entity';
import { IncidentSettingsEntity } from './entities/incident-settings.entity';
import { IncidentTimelineEntity } from './entities/incident-timeline.entity';
import { IncidentEntity } from './entities/incident.entity';
import { IncidentContacts } from './from-alerts/incident-contacts';
import { IncidentJobsProcessor } from './from-alerts/incident-jobs.processor';
import { IncidentsFromAlerts } from './from-alerts/incidents-from-alerts';
import { IncidentCounters } from './incident-counters';
import { IncidentMoves } from './incident-moves.service';
import { IncidentController } from './incident.controller';
import { IncidentRepository } from './incident.repository';
import { IncidentService } from './incident.service';
import { IncidentMembersController } from './members/incident-members.controller';
import { IncidentMembersService } from './members/incident-members.service';
import {
  INCIDENT_RECORDS_CONTROLLERS,
  INCIDENT_RECORDS_ENTITIES,
  INCIDENT_RECORDS_PROVIDERS,
  INCIDENT_RECORDS_STATIC_CONTROLLERS,
} from './records/incident-records';
import { IncidentSettingsController } from './settings/incident-settings.controller';
import { IncidentSettingsService } from './settings/incident-settings.service';
import { IncidentNotesService } from './timeline/incident-notes.service';
import { IncidentTimeline } from './timeline/incident-timeline';
import { IncidentTimelineController } from './timeline/incident-timeline.controller';

/**
 * Incidents: registered once, in apps/api/src/app/domains.ts (IncidentDomain). Controllers with
 * static paths (`settings`, `members`, `stats`, `action-items`) come before IncidentController:
 * Nest registers routes in this order, and `:id` would take them otherwise.
 */
@Module({
  imports: [
    AlertsModule,
    // The contacts by severity are told through pages and channels (TargetNotifier).
    PagingModule,
    // Alerts that may open incidents (queued by the alerts ingest), contacts to tell.
    BullModule.registerQueue({ name: QUEUES.incidents }),
    // AlertEntity: the target of incident_alert's foreign key (the alerts lib reads it in SQL).
    TypeOrmModule.forFeature([
      AlertEntity,
      IncidentEntity,
      IncidentTimelineEntity,
      IncidentAlertEntity,
      IncidentSettingsEntity,
      ...INCIDENT_RECORDS_ENTITIES,
    ]),
  ],
  controllers: [
    IncidentSettingsController,
    IncidentMembersController,
    ...INCIDENT_RECORDS_STATIC_CONTROLLERS,
    IncidentController,
    IncidentTimelineController,
    ...INCIDENT_RECORDS_CONTROLLERS,
  ],
  providers: [
    IncidentCounters,
    IncidentMembersService,
    IncidentMoves,
    IncidentNotesService,
    IncidentRepository,
    IncidentService,
    IncidentSettingsService,
    IncidentTimeline,
    // Alerts → incidents, and the contacts told when one opens (the incidents queue).
    IncidentContacts,
    IncidentJobsProcessor,
    IncidentsFromAlerts,
    // The records part: attachments, exports, post-mortems, action items, statistics, and the
    // readers of INCIDENT_ATTACHMENTS_READER / INCIDENT_POSTMORTEM_READER.
    ...INCIDENT_RECORDS_PROVIDERS,
  ],
  exports: [IncidentCounters, IncidentService, IncidentSettingsService, IncidentTimeline],
})
export class IncidentModule {}
