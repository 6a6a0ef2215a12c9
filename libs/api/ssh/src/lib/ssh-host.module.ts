import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SshHostEntity } from './entities/ssh-host.entity';
import { SshHostController } from './ssh-host.controller';
import { SshHostRepository } from './ssh-host.repository';
import { SshHostService } from './ssh-host.service';

/** Ssh hosts: registered once, in apps/api/src/app/domains.ts (SshHostDomain). */
@Module({
  imports: [TypeOrmModule.forFeature([SshHostEntity])],
  controllers: [SshHostController],
  providers: [SshHostRepository, SshHostService],
  exports: [SshHostService],
})
export class SshHostModule {}
