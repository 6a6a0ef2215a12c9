import { NotificationChannelModule, PagingModule } from '@hyperion/api/notifications';
import { QUEUES } from '@hyperion/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';

import { AlertConfigModule } from '../config/alert-config.module';
import { AlertConfigCache } from './alert-config-cache';
import { AlertCounters } from './alert-counters';
import { AlertIngestPipeline } from './alert-ingest-pipeline';
import { AlertIngestHttp } from './alert-ingest.http';
import { AlertNotificationProcessor, AlertSweepScheduler } from './alert-notification.processor';
import { AlertNotifier } from './alert-notifier';
import { AlertStore } from './alert-store';
import { AlertSweep } from './alert-sweep';
import { AlertTally } from './alert-tally';
import { AlertController } from './alert.controller';
import { AlertService } from './alert.service';
import { IngestCredentials } from './ingest-credentials';
import { InternalAlerts } from './internal-alerts';

/**
 * Alerts: ingest (served ahead of Nest by AlertIngestHttp, which apps/api mounts first), the
 * alerts themselves, grouping, escalation and the reports (registered as AlertsDomain).
 */
@Module({
  imports: [
    BullModule.registerQueue({ name: QUEUES.alertNotifications }),
    AlertConfigModule,
    NotificationChannelModule,
    PagingModule,
  ],
  controllers: [AlertController],
  providers: [
    AlertConfigCache,
    AlertCounters,
    AlertIngestHttp,
    AlertIngestPipeline,
    AlertNotificationProcessor,
    AlertNotifier,
    AlertService,
    AlertStore,
    AlertSweep,
    AlertSweepScheduler,
    AlertTally,
    IngestCredentials,
    InternalAlerts,
  ],
  exports: [
    AlertIngestHttp,
    AlertCounters,
    AlertService,
    AlertConfigCache,
    IngestCredentials,
    InternalAlerts,
  ],
})
export class AlertsModule {}
