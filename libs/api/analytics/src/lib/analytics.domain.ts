import type { DomainDefinition } from '@hyperion/api/core';

import { AnalyticsModule } from './analytics.module';

/** Analytics (issue 13): anomaly scoring so far; no table yet. */
export const AnalyticsDomain: DomainDefinition = {
  name: 'analytics',
  module: AnalyticsModule,
  entities: [],
  migrations: [],
};
