import type { DomainDefinition } from '@hyperion/api/core';

import { PageStepEntity } from './entities/page-step.entity';
import { PageEntity } from './entities/page.entity';
import { Paging1795500000000 } from './migrations/1795500000000-paging';
import { PagingModule } from './paging.module';

export { PageService, toPageSummary } from './page.service';
export { PagingModule } from './paging.module';
export { TargetNotifier } from './target-notifier';
export type { TargetNotification, TargetNotificationResult } from './target-notifier';

/** What apps/api registers of paging (one line in DOMAINS, after on-call) and the specs migrate. */
export const PagingDomain: DomainDefinition = {
  name: 'paging',
  module: PagingModule,
  entities: [PageEntity, PageStepEntity],
  migrations: [Paging1795500000000],
};
