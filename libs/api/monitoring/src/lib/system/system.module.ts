import { Module } from '@nestjs/common';

import { HostOrganization } from './host-organization';
import { ProcessTable } from './process-table';
import { ProcessesController } from './processes.controller';
import { ProcessesService } from './processes.service';
import { ServicesController } from './services.controller';
import { ServicesService } from './services.service';
import { Systemctl } from './systemctl';

/**
 * This host's processes (list, stop) and systemd services (list, start / stop / restart).
 * Nothing is stored: the host is read when asked; what is done is audited. Only the host's
 * organisation (HOST_ORGANIZATION) sees them.
 */
@Module({
  controllers: [ProcessesController, ServicesController],
  providers: [HostOrganization, ProcessTable, ProcessesService, ServicesService, Systemctl],
})
export class SystemModule {}
