import type { DomainDefinition } from '@hyperion/api/core';

import { MonitorResultEntity } from './entities/monitor-result.entity';
import { MonitorEntity } from './entities/monitor.entity';
import { Monitor1796700000001 } from './migrations/1796700000001-monitor';
import { MonitorList1796700000004 } from './migrations/1796700000004-monitor-list';
import { MonitorResponseTime1796700000006 } from './migrations/1796700000006-monitor-response-time';
import { MonitorModule } from './monitor.module';

/** What apps/api registers of this domain (one line in DOMAINS) and the specs migrate. */
export const MonitorDomain: DomainDefinition = {
  name: 'monitor',
  module: MonitorModule,
  entities: [MonitorEntity, MonitorResultEntity],
  migrations: [Monitor1796700000001, MonitorList1796700000004, MonitorResponseTime1796700000006],
};
