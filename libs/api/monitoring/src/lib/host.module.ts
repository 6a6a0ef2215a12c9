import { AlertsModule } from '@hyperion/api/alerts';
import { LeaderLease } from '@hyperion/api/core';
import { QUEUES } from '@hyperion/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import {
  HostSampleEntity,
  HostSampleHourEntity,
  HostSampleMinuteEntity,
} from './entities/host-sample.entity';
import { HostEntity } from './entities/host.entity';
import { HostController } from './host.controller';
import { HostRepository } from './host.repository';
import { HostService } from './host.service';
import { HostJobsProcessor } from './hosts/host-jobs.processor';
import { HostLive } from './hosts/host-live';
import { HostRollup } from './hosts/host-rollup';
import { HostSampleWriter } from './hosts/host-sample-writer';
import { HostSampleRepository } from './hosts/host-sample.repository';
import { HostSampler } from './hosts/host-sampler';
import { HostScheduler } from './hosts/host-scheduler';
import { LocalCollector } from './hosts/local-collector';
import { NodeExporterCollector } from './hosts/node-exporter-collector';

/**
 * Hosts: their API, the scheduler (one leader queues due samples, another rolls them up and
 * prunes them), the collectors (this host, remote node_exporters), the batched writer, the live
 * feed and the alerts their states and thresholds raise through the alerts ingest.
 * Registered once, in apps/api/src/app/domains.ts (HostDomain).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      HostEntity,
      HostSampleEntity,
      HostSampleMinuteEntity,
      HostSampleHourEntity,
    ]),
    BullModule.registerQueue({ name: QUEUES.hosts }),
    AlertsModule,
  ],
  controllers: [HostController],
  providers: [
    HostJobsProcessor,
    HostLive,
    HostRepository,
    HostRollup,
    HostSampleRepository,
    HostSampleWriter,
    HostSampler,
    HostScheduler,
    HostService,
    LeaderLease,
    LocalCollector,
    NodeExporterCollector,
  ],
  exports: [HostService],
})
export class HostModule {}
