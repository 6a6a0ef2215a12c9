import { RequirePermissions } from '@hyperion/api/core';
import type { StatusPageIncident, StatusPageMaintenance } from '@hyperion/contracts';
import { STATUS_PAGE_PERMISSIONS } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import {
  CreateStatusPageMaintenanceDto,
  PostStatusPageIncidentUpdateDto,
  UpdateStatusPageMaintenanceDto,
} from '../dto/status-page.dto';
import { StatusContentService } from './status-content.service';

/**
 * `/api/v1/status-pages/:id/maintenance` and `…/incidents` (STATUS_PAGE_ROUTES): what a page
 * publishes. Parse, authorise, delegate.
 */
@ApiTags('status-pages')
@ApiBearerAuth()
@Controller({ path: 'status-pages/:id', version: '1' })
export class StatusContentController {
  constructor(private readonly service: StatusContentService) {}

  @Get('maintenance')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.read)
  maintenance(@Param('id', new ParseUUIDPipe()) id: string): Promise<StatusPageMaintenance[]> {
    return this.service.listMaintenance(id);
  }

  @Post('maintenance')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  createMaintenance(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateStatusPageMaintenanceDto,
  ): Promise<StatusPageMaintenance> {
    return this.service.createMaintenance(id, dto);
  }

  @Patch('maintenance/:maintenanceId')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  updateMaintenance(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('maintenanceId', new ParseUUIDPipe()) maintenanceId: string,
    @Body() dto: UpdateStatusPageMaintenanceDto,
  ): Promise<StatusPageMaintenance> {
    return this.service.updateMaintenance(id, maintenanceId, dto);
  }

  @Delete('maintenance/:maintenanceId')
  @HttpCode(204)
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  deleteMaintenance(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('maintenanceId', new ParseUUIDPipe()) maintenanceId: string,
  ): Promise<void> {
    return this.service.deleteMaintenance(id, maintenanceId);
  }

  @Get('incidents')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.read)
  incidents(@Param('id', new ParseUUIDPipe()) id: string): Promise<StatusPageIncident[]> {
    return this.service.listIncidents(id);
  }

  @Post('incidents/:incidentId/updates')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  postUpdate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('incidentId', new ParseUUIDPipe()) incidentId: string,
    @Body() dto: PostStatusPageIncidentUpdateDto,
  ): Promise<StatusPageIncident> {
    return this.service.postUpdate(id, incidentId, dto);
  }

  @Delete('incidents/:incidentId')
  @HttpCode(204)
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  removeIncident(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('incidentId', new ParseUUIDPipe()) incidentId: string,
  ): Promise<void> {
    return this.service.removeIncident(id, incidentId);
  }
}
