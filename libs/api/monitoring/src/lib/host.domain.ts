import type { DomainDefinition } from '@hyperion/api/core';

import {
  HostSampleEntity,
  HostSampleHourEntity,
  HostSampleMinuteEntity,
} from './entities/host-sample.entity';
import { HostEntity } from './entities/host.entity';
import { HostModule } from './host.module';
import { Host1796700000002 } from './migrations/1796700000002-host';

/** What apps/api registers of this domain (one line in DOMAINS) and the specs migrate. */
export const HostDomain: DomainDefinition = {
  name: 'host',
  module: HostModule,
  entities: [HostEntity, HostSampleEntity, HostSampleMinuteEntity, HostSampleHourEntity],
  migrations: [Host1796700000002],
};
