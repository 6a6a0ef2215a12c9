import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type { ProcessList, ProcessStopResult } from '@hyperion/contracts';
import { SYSTEM_PERMISSIONS } from '@hyperion/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { HostOrganization } from './host-organization';
import { ProcessesService } from './processes.service';
import { ParsePidPipe, ProcessListQueryDto, ProcessStopDto } from './system.dto';

/** `/api/v1/system/processes` (SYSTEM_ROUTES): this host's processes. */
@ApiTags('system')
@ApiBearerAuth()
@Controller({ path: 'system/processes', version: '1' })
export class ProcessesController {
  constructor(
    private readonly service: ProcessesService,
    private readonly host: HostOrganization,
  ) {}

  @Get()
  @RequirePermissions(SYSTEM_PERMISSIONS.read)
  async list(@Query() query: ProcessListQueryDto): Promise<ProcessList> {
    await this.host.assertMember();
    return this.service.list(query);
  }

  /** SIGTERM, then SIGKILL after the grace period; answers what happened. */
  @Post(':pid/stop')
  @HttpCode(200)
  @RequirePermissions(SYSTEM_PERMISSIONS.control)
  @AuditRefusal('process_stop')
  async stop(
    @Param('pid', new ParsePidPipe()) pid: number,
    @Body() dto: ProcessStopDto,
  ): Promise<ProcessStopResult> {
    await this.host.assertMember();
    return this.service.stop(pid, dto);
  }
}
