import type { DomainDefinition } from '@hyperion/api/core';

import { StatusPageEntity } from './entities/status-page.entity';
import { StatusPage1796700000003 } from './migrations/1796700000003-status-page';
import { StatusPageModule } from './status-page.module';

/** What apps/api registers of this domain (one line in DOMAINS) and the specs migrate. */
export const StatusPageDomain: DomainDefinition = {
  name: 'status-page',
  module: StatusPageModule,
  entities: [StatusPageEntity],
  migrations: [StatusPage1796700000003],
};
