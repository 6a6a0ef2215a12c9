import { SshHostDomain } from '@hyperion/api/ssh';
import { describeDomainMigration } from '@hyperion/api/testing';

import { FileRootDomain } from './file-root.domain';
import { FileRoot1796700000008 } from './migrations/1796700000008-file-root';
import { FileRootSftp1796700000014 } from './migrations/1796700000014-file-root-sftp';

/**
 * The migrations on an empty database of their own: they match the entity, row-level security is
 * enabled and forced, and each reverts. They are checked one at a time because the SSH domain's
 * migrations (which the second one's foreign key needs) fall between them.
 */
describeDomainMigration('FileRoot migration', {
  domain: FileRootDomain,
  buildsOn: [SshHostDomain],
  migrations: [FileRoot1796700000008],
  tables: ['file_root'],
});

describeDomainMigration(
  'FileRoot SFTP migration',
  {
    domain: FileRootDomain,
    buildsOn: [SshHostDomain],
    migrations: [FileRootSftp1796700000014],
    tables: [],
  },
  (db) => {
    it('deletes the SFTP roots of a deleted SSH host (cascade)', async () => {
      const ds = db.dataSource;
      const org = await db.createOrganization();
      const [host] = await ds.query<{ id: string }[]>(
        `INSERT INTO ssh_host (organization_id, name, address, port, username, auth_method, credentials, tags)
         VALUES ($1, 'h', '127.0.0.1', 22, 'u', 'key', 'x', '[]') RETURNING id`,
        [org],
      );
      await ds.query(
        `INSERT INTO file_root (organization_id, name, kind, path, ssh_host_id)
         VALUES ($1, 'r', 'sftp', '/srv', $2)`,
        [org, host.id],
      );
      await ds.query(`DELETE FROM ssh_host WHERE id = $1`, [host.id]);
      const left = await ds.query(`SELECT 1 FROM file_root WHERE organization_id = $1`, [org]);
      expect(left).toEqual([]);
    });
  },
);
