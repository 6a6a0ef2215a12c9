import { Module } from '@nestjs/common';

import { SshHostModule } from './ssh-host.module';
import { SshTerminalModule } from './terminal/ssh-terminal.module';

/**
 * The SSH domain as apps/api registers it (SshHostDomain): hosts, commands and connections
 * (SshHostModule, which other domains import for SFTP) and the browser terminals.
 */
@Module({
  imports: [SshHostModule, SshTerminalModule],
  exports: [SshHostModule, SshTerminalModule],
})
export class SshModule {}
