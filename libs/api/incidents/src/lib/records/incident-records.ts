import type { Provider } from '@nestjs/common';

import {
  INCIDENT_ATTACHMENTS_READER,
  INCIDENT_POSTMORTEM_READER,
} from '../incident-record-readers';
import { ActionItemController } from './action-items/action-item.controller';
import { ActionItemRepository } from './action-items/action-item.repository';
import { ActionItemService } from './action-items/action-item.service';
import { AttachmentStore } from './attachments/attachment-store';
import { AttachmentUploadInterceptor } from './attachments/attachment-upload.interceptor';
import { AttachmentController } from './attachments/attachment.controller';
import { AttachmentRepository } from './attachments/attachment.repository';
import { AttachmentService } from './attachments/attachment.service';
import { IncidentActionItemEntity } from './entities/incident-action-item.entity';
import { IncidentAttachmentEntity } from './entities/incident-attachment.entity';
import { IncidentPostmortemEntity } from './entities/incident-postmortem.entity';
import { ExportController } from './export/export.controller';
import { ExportService } from './export/export.service';
import { IncidentRecords1796637500000 } from './migrations/1796637500000-incident-records';
import { PostmortemController } from './postmortem/postmortem.controller';
import { PostmortemRepository } from './postmortem/postmortem.repository';
import { PostmortemService } from './postmortem/postmortem.service';
import { IncidentStatsController } from './stats/stats.controller';
import { IncidentStatsService } from './stats/stats.service';

/*
 * The records of incidents (attachments, exports, post-mortems, action items, statistics), as
 * IncidentModule and IncidentDomain register them.
 */

/** Controllers with static paths (`/incidents/stats`, `/incidents/action-items`): before `/:id`. */
export const INCIDENT_RECORDS_STATIC_CONTROLLERS = [IncidentStatsController, ActionItemController];

/** Controllers below `/incidents/:id/…`. */
export const INCIDENT_RECORDS_CONTROLLERS = [
  AttachmentController,
  ExportController,
  PostmortemController,
];

export const INCIDENT_RECORDS_PROVIDERS: Provider[] = [
  AttachmentRepository,
  AttachmentStore,
  AttachmentService,
  AttachmentUploadInterceptor,
  ExportService,
  PostmortemRepository,
  PostmortemService,
  ActionItemRepository,
  ActionItemService,
  IncidentStatsService,
  // What IncidentDetail shows of the records (attachments, whether a post-mortem exists).
  { provide: INCIDENT_ATTACHMENTS_READER, useExisting: AttachmentRepository },
  { provide: INCIDENT_POSTMORTEM_READER, useExisting: PostmortemRepository },
];

export const INCIDENT_RECORDS_ENTITIES = [
  IncidentAttachmentEntity,
  IncidentPostmortemEntity,
  IncidentActionItemEntity,
];

export const INCIDENT_RECORDS_MIGRATIONS = [IncidentRecords1796637500000];
