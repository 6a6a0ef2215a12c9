import { LeaderLease } from '@hyperion/api/core';
import { QUEUES } from '@hyperion/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';

import { HealthMonitor } from './health-monitor.service';
import { HealthTransitionGate } from './health-transition-gate';
import { AdminHealthController, HealthController } from './health.controller';
import { HealthService } from './health.service';
import { HealthHistoryProcessor } from './history/health-history.processor';
import { HealthHistoryProducer } from './history/health-history.producer';
import { HealthHistoryRepository } from './history/health-history.repository';
import { HealthTransitionEntity } from './history/health-transition.entity';
import { DatabaseIndicator } from './indicators/database.indicator';
import { RedisIndicator } from './indicators/redis.indicator';

@Module({
  imports: [
    // Failures are reported in the body and by HealthMonitor's log line; no Terminus stack dumps.
    TerminusModule.forRoot({ logger: false }),
    TypeOrmModule.forFeature([HealthTransitionEntity]),
    BullModule.registerQueue({ name: QUEUES.healthHistory }),
  ],
  controllers: [HealthController, AdminHealthController],
  providers: [
    HealthService,
    HealthMonitor,
    // Which instance runs the periodic check, and which one records a change (both on Redis).
    LeaderLease,
    HealthTransitionGate,
    DatabaseIndicator,
    RedisIndicator,
    HealthHistoryRepository,
    HealthHistoryProducer,
    HealthHistoryProcessor,
  ],
})
export class HealthModule {}
