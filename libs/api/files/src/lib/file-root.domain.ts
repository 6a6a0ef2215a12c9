import type { DomainDefinition } from '@hyperion/api/core';

import { FileRootEntity } from './entities/file-root.entity';
import { FileRootModule } from './file-root.module';
import { FileRoot1796700000008 } from './migrations/1796700000008-file-root';
import { FileRootSftp1796700000014 } from './migrations/1796700000014-file-root-sftp';

/** What apps/api registers of this domain (one line in DOMAINS) and the specs migrate. */
export const FileRootDomain: DomainDefinition = {
  name: 'file-root',
  module: FileRootModule,
  entities: [FileRootEntity],
  migrations: [FileRoot1796700000008, FileRootSftp1796700000014],
};
