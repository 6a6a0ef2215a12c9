import { SshConnections } from '@hyperion/api/ssh';
import { Injectable } from '@nestjs/common';
import type { SFTPWrapper } from 'ssh2';

import { InvalidPathError, PathNotFoundError, RemoteFileError } from './guard/file-errors';
import { SftpGuard } from './guard/sftp-guard';
import { SftpRoot } from './guard/sftp-root';
import { fromSftp, SFTP_REQUEST_TIMEOUT_MS, SftpSession } from './guard/sftp-session';

/**
 * SFTP sessions to the SSH hosts of the organisation, through the SSH module's connections:
 * the same host record, credentials, jump hosts and host-key rules as its terminal (a changed
 * key answers 409 before any credential is sent). One connection per operation, always closed
 * by the caller (`SftpRoot.close`, or the end of a download's stream).
 */
@Injectable()
export class SftpConnector {
  constructor(private readonly connections: SshConnections) {}

  async session(sshHostId: string): Promise<SftpSession> {
    const hops = await this.connections.hopsOf(sshHostId);
    const chain = await this.connections.open(hops);
    try {
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('no answer in time')),
          SFTP_REQUEST_TIMEOUT_MS,
        );
        chain.client.sftp((error, wrapper) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(wrapper);
        });
      });
      return new SftpSession(sftp, () => chain.close());
    } catch (error) {
      chain.close();
      throw new RemoteFileError(
        `SFTP: the SSH host did not open an SFTP session (${(error as Error).message})`,
      );
    }
  }

  /** The operations of an SFTP root, its guard opened (the root re-checked) on a new session. */
  async root(sshHostId: string, path: string): Promise<SftpRoot> {
    const session = await this.session(sshHostId);
    try {
      return new SftpRoot(await SftpGuard.open(session, path));
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  /** The directory an SFTP root is declared at, resolved on the host; it must be a directory. */
  async resolveDeclared(sshHostId: string, path: string): Promise<string> {
    const session = await this.session(sshHostId);
    try {
      let real: string;
      try {
        real = await session.realpath(path);
      } catch (error) {
        throw fromSftp(error, 'path', path);
      }
      const stats = await session.lstatOrNull(real);
      if (!stats) throw new InvalidPathError('path', `"${path}" does not exist on the SSH host`);
      if (!stats.isDirectory()) {
        throw new InvalidPathError('path', `"${path}" is not a directory on the SSH host`);
      }
      return real;
    } catch (error) {
      // Not found on the host is a bad path in the request (400), not a missing root (404).
      if (error instanceof PathNotFoundError) {
        throw new InvalidPathError('path', `"${path}" does not exist on the SSH host`);
      }
      throw error;
    } finally {
      await session.close();
    }
  }
}
