import { AlertsModule } from '@hyperion/api/alerts';
import { LeaderLease } from '@hyperion/api/core';
import { QUEUES } from '@hyperion/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { MonitorCheckRunner } from './checking/monitor-check-runner';
import { MonitorJobsProcessor } from './checking/monitor-jobs.processor';
import { MonitorPush } from './checking/monitor-push';
import { MonitorScheduler } from './checking/monitor-scheduler';
import { MonitorResultEntity } from './entities/monitor-result.entity';
import { MonitorEntity } from './entities/monitor.entity';
import { MetricsModule } from './metrics/metrics.module';
import { MonitorPushController } from './monitor-push.controller';
import { MonitorController } from './monitor.controller';
import { MonitorRepository } from './monitor.repository';
import { MonitorService } from './monitor.service';
import { SecurityDashboardController } from './security/security-dashboard.controller';
import { SecurityDashboardRepository } from './security/security-dashboard.repository';
import { SecurityDashboardService } from './security/security-dashboard.service';
import { SystemModule } from './system/system.module';

/**
 * Dependency monitors: their API, the push URL, the scheduler (one leader queues due checks),
 * the checks (Bull jobs) and the alerts their verdicts raise through the alerts ingest.
 * Registered once, in apps/api/src/app/domains.ts (MonitorDomain).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([MonitorEntity, MonitorResultEntity]),
    BullModule.registerQueue({ name: QUEUES.monitors }),
    AlertsModule,
    MetricsModule,
    SystemModule,
  ],
  controllers: [MonitorController, MonitorPushController, SecurityDashboardController],
  providers: [
    LeaderLease,
    MonitorCheckRunner,
    MonitorJobsProcessor,
    MonitorPush,
    MonitorRepository,
    MonitorScheduler,
    MonitorService,
    SecurityDashboardRepository,
    SecurityDashboardService,
  ],
  exports: [MonitorService],
})
export class MonitorModule {}
