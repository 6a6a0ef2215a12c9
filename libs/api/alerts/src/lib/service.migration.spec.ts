import { describeDomainMigration } from '@hyperion/api/testing';

import { ServiceDomain } from './service.domain';

/** The migration on an empty database of its own: it matches the entities, and it reverts. */
describeDomainMigration('Service migration', {
  domain: ServiceDomain,
  tables: ['service', 'service_dependency', 'service_integration'],
});
