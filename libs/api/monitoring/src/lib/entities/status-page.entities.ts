import { StatusPageComponentEntity } from './status-page-component.entity';
import { StatusPageIncidentUpdateEntity } from './status-page-incident-update.entity';
import { StatusPageIncidentEntity } from './status-page-incident.entity';
import { StatusPageMaintenanceEntity } from './status-page-maintenance.entity';
import { StatusPageSubscriberEntity } from './status-page-subscriber.entity';
import { StatusPageEntity } from './status-page.entity';

/** Every table of status pages (the module's repositories, the domain's schema). */
export const STATUS_PAGE_ENTITIES = [
  StatusPageEntity,
  StatusPageComponentEntity,
  StatusPageIncidentEntity,
  StatusPageIncidentUpdateEntity,
  StatusPageMaintenanceEntity,
  StatusPageSubscriberEntity,
];
