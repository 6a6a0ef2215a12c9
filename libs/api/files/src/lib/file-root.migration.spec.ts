import { describeDomainMigration } from '@hyperion/api/testing';

import { FileRootDomain } from './file-root.domain';

/**
 * The migration on an empty database of its own: it matches the entity, row-level security is
 * enabled and forced, and it reverts. A migration that creates another table names it in `tables`;
 * checks of its own (a constraint, an index) go in the last argument: `(db) => { it(…) }`.
 */
describeDomainMigration('FileRoot migration', {
  domain: FileRootDomain,
  tables: ['file_root'],
});
