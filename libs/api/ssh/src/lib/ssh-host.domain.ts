import type { DomainDefinition } from '@hyperion/api/core';

import { SshExecEntity } from './entities/ssh-exec.entity';
import { SshHostEntity } from './entities/ssh-host.entity';
import { SshSessionCommandEntity } from './entities/ssh-session-command.entity';
import { SshSessionEntity } from './entities/ssh-session.entity';
import { SshHost1796700000007 } from './migrations/1796700000007-ssh-host';
import { SshRemote1796700000012 } from './migrations/1796700000012-ssh-remote';
import { SshSessions1796700000013 } from './migrations/1796700000013-ssh-sessions';
import { SshModule } from './ssh.module';

/** What apps/api registers of this domain (one line in DOMAINS) and the specs migrate. */
export const SshHostDomain: DomainDefinition = {
  name: 'ssh-host',
  module: SshModule,
  entities: [SshHostEntity, SshExecEntity, SshSessionEntity, SshSessionCommandEntity],
  migrations: [SshHost1796700000007, SshRemote1796700000012, SshSessions1796700000013],
};
