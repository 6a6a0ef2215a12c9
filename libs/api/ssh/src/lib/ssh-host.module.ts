import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SshConnections } from './connection/ssh-connections';
import { SshExecEntity } from './entities/ssh-exec.entity';
import { SshHostEntity } from './entities/ssh-host.entity';
import { SshExecRepository } from './exec/ssh-exec.repository';
import { SshRemoteService } from './exec/ssh-remote.service';
import { SshHostController } from './ssh-host.controller';
import { SshHostRepository } from './ssh-host.repository';
import { SshHostService } from './ssh-host.service';

/** SSH hosts and remote commands: registered once, in apps/api/src/app/domains.ts (SshHostDomain). */
@Module({
  imports: [TypeOrmModule.forFeature([SshHostEntity, SshExecEntity])],
  controllers: [SshHostController],
  providers: [
    SshHostRepository,
    SshHostService,
    SshExecRepository,
    SshConnections,
    SshRemoteService,
  ],
  exports: [SshHostService, SshRemoteService, SshConnections],
})
export class SshHostModule {}
