import type { DomainDefinition } from '@hyperion/api/core';

import { STATUS_PAGE_ENTITIES } from './entities/status-page.entities';
import { StatusPage1796700000003 } from './migrations/1796700000003-status-page';
import { StatusPageModule } from './status-page.module';

/**
 * What apps/api registers of this domain (one line in DOMAINS) and the specs migrate. Its
 * components show monitors and services: it comes after both.
 */
export const StatusPageDomain: DomainDefinition = {
  name: 'status-page',
  module: StatusPageModule,
  entities: STATUS_PAGE_ENTITIES,
  migrations: [StatusPage1796700000003],
};
