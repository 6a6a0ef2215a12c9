import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type { ServiceAction, ServiceActionResult, ServiceList } from '@hyperion/contracts';
import { SYSTEM_PERMISSIONS } from '@hyperion/contracts';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { HostOrganization } from './host-organization';
import { ServicesService } from './services.service';
import { ParseServiceActionPipe, ParseUnitPipe } from './system.dto';

/** `/api/v1/system/services` (SYSTEM_ROUTES): this host's systemd services. */
@ApiTags('system')
@ApiBearerAuth()
@Controller({ path: 'system/services', version: '1' })
export class ServicesController {
  constructor(
    private readonly service: ServicesService,
    private readonly host: HostOrganization,
  ) {}

  /** A 200 also without systemd: `available` false and the reason. */
  @Get()
  @RequirePermissions(SYSTEM_PERMISSIONS.read)
  async list(): Promise<ServiceList> {
    await this.host.assertMember();
    return this.service.list();
  }

  /**
   * `systemctl <action> -- <unit>`. The second path catches an empty unit (`services//stop`),
   * so it is a 400 naming `unit` like any other bad name, not an unknown route.
   */
  @Post([':unit/:action', '//:action'])
  @HttpCode(200)
  @RequirePermissions(SYSTEM_PERMISSIONS.control)
  @AuditRefusal('service_control')
  async act(
    @Param('unit', new ParseUnitPipe()) unit: string,
    @Param('action', new ParseServiceActionPipe()) action: ServiceAction,
  ): Promise<ServiceActionResult> {
    await this.host.assertMember();
    return this.service.act(unit, action);
  }
}
