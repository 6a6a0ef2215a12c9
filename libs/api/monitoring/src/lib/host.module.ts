import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { HostEntity } from './entities/host.entity';
import { HostController } from './host.controller';
import { HostRepository } from './host.repository';
import { HostService } from './host.service';

/** Hosts: registered once, in apps/api/src/app/domains.ts (HostDomain). */
@Module({
  imports: [TypeOrmModule.forFeature([HostEntity])],
  controllers: [HostController],
  providers: [HostRepository, HostService],
  exports: [HostService],
})
export class HostModule {}
