import type { DomainDefinition } from '@hyperion/api/core';

import { SshHostEntity } from './entities/ssh-host.entity';
import { SshHost1796700000007 } from './migrations/1796700000007-ssh-host';
import { SshHostModule } from './ssh-host.module';

/** What apps/api registers of this domain (one line in DOMAINS) and the specs migrate. */
export const SshHostDomain: DomainDefinition = {
  name: 'ssh-host',
  module: SshHostModule,
  entities: [SshHostEntity],
  migrations: [SshHost1796700000007],
};
