import type { DomainDefinition } from '@hyperion/api/core';

import { AlertsModule } from './alerts.module';
import { AlertActivityEntity } from './entities/alert-activity.entity';
import { AlertGroupEntity, AlertGroupFlushEntity } from './entities/alert-group.entity';
import {
  AlertEscalationStepEntity,
  AlertNotificationEntity,
} from './entities/alert-notification.entity';
import { AlertTallyEntity } from './entities/alert-tally.entity';
import { AlertEntity } from './entities/alert.entity';
import {
  CriticalAlertEventDailyEntity,
  CriticalAlertEventEntity,
} from './entities/critical-alert-event.entity';
import { Alerts1796626000000 } from './migrations/1796626000000-alerts';
import { AlertTally1796700000005 } from './migrations/1796700000005-alert-tally';

export { AlertIngestHttp } from './alert-ingest.http';
export { AlertSweep } from './alert-sweep';
export { AlertsModule } from './alerts.module';

/**
 * What apps/api registers of alerts (one line in DOMAINS, after the services and alert-config
 * domains). The critical alert events are append-only: the application may only add and read them.
 */
export const AlertsDomain: DomainDefinition = {
  name: 'alerts',
  module: AlertsModule,
  entities: [
    AlertEntity,
    AlertActivityEntity,
    AlertGroupEntity,
    AlertGroupFlushEntity,
    AlertNotificationEntity,
    AlertEscalationStepEntity,
    CriticalAlertEventEntity,
    CriticalAlertEventDailyEntity,
    AlertTallyEntity,
  ],
  migrations: [Alerts1796626000000, AlertTally1796700000005],
  appendOnlyTables: ['critical_alert_event'],
};
