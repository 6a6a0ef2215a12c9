import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type { IncidentSettings } from '@hyperion/contracts';
import { INCIDENT_PERMISSIONS } from '@hyperion/contracts';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { UpdateIncidentSettingsDto } from './dto/incident-settings.dto';
import { IncidentSettingsService } from './incident-settings.service';

/**
 * `/api/v1/incidents/settings` (INCIDENT_ROUTES.settings). Listed before IncidentController in
 * the module, so `settings` is not taken for an incident id.
 */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller({ path: 'incidents/settings', version: '1' })
export class IncidentSettingsController {
  constructor(private readonly settings: IncidentSettingsService) {}

  @Get()
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  get(): Promise<IncidentSettings> {
    return this.settings.read();
  }

  @Put()
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_settings_updated')
  update(@Body() dto: UpdateIncidentSettingsDto): Promise<IncidentSettings> {
    return this.settings.update(dto);
  }
}
