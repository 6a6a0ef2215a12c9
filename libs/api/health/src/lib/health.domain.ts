import type { DomainDefinition } from '@hyperion/api/core';

import { HealthModule } from './health.module';
import { HealthTransitionEntity } from './history/health-transition.entity';
import { HealthTransitions1763700000000 } from './migrations/1763700000000-health-transitions';

/** Health of Hyperion itself: probes, the monitor and the history of state changes (instance-level). */
export const HealthDomain: DomainDefinition = {
  name: 'health',
  module: HealthModule,
  entities: [HealthTransitionEntity],
  migrations: [HealthTransitions1763700000000],
};
