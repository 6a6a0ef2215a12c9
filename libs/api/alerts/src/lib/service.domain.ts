import type { DomainDefinition } from '@hyperion/api/core';

import { ServiceDependencyEntity } from './entities/service-dependency.entity';
import { ServiceIntegrationEntity } from './entities/service-integration.entity';
import { ServiceEntity } from './entities/service.entity';
import { Service1796625999323 } from './migrations/1796625999323-service';
import { ServiceModule } from './service.module';

/** What apps/api registers of this domain (one line in DOMAINS) and the specs migrate. */
export const ServiceDomain: DomainDefinition = {
  name: 'service',
  module: ServiceModule,
  entities: [ServiceEntity, ServiceDependencyEntity, ServiceIntegrationEntity],
  migrations: [Service1796625999323],
};
