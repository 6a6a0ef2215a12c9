import { describeDomainMigration } from '@hyperion/api/testing';

import { SshHostDomain } from './ssh-host.domain';

/**
 * The migration on an empty database of its own: it matches the entity, row-level security is
 * enabled and forced, and it reverts. A migration that creates another table names it in `tables`;
 * checks of its own (a constraint, an index) go in the last argument: `(db) => { it(…) }`.
 */
describeDomainMigration('SshHost migration', {
  domain: SshHostDomain,
  tables: ['ssh_exec', 'ssh_host', 'ssh_session', 'ssh_session_command'],
});
