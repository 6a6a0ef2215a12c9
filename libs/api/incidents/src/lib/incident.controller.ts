import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type {
  IncidentChecklistItem,
  IncidentDetail,
  IncidentListResponse,
  IncidentPhase,
} from '@hyperion/contracts';
import {
  INCIDENT_CHECKLIST_ITEMS,
  INCIDENT_PERMISSIONS,
  INCIDENT_PHASES,
} from '@hyperion/contracts';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import {
  IncidentActionDto,
  IncidentChecklistDto,
  IncidentListQueryDto,
  IncidentPhaseDto,
} from './dto/incident-requests.dto';
import { CreateIncidentDto, ReplaceIncidentDto, UpdateIncidentDto } from './dto/incident.dto';
import { IncidentMoves } from './incident-moves.service';
import { ParseOneOfPipe, uuidParam } from './incident-params';
import { IncidentService } from './incident.service';

/**
 * `/api/v1/incidents` (INCIDENT_ROUTES): the list, the sheet, the lifecycle moves, the checklist
 * and the phases. No DELETE: incidents are records. Static routes (`stats`, `settings` …) live
 * in controllers listed before this one, so `:id` does not take them.
 */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller({ path: 'incidents', version: '1' })
export class IncidentController {
  constructor(
    private readonly incidents: IncidentService,
    private readonly moves: IncidentMoves,
  ) {}

  @Get()
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  list(@Query() query: IncidentListQueryDto): Promise<IncidentListResponse> {
    return this.incidents.list(query);
  }

  @Post()
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_created')
  create(@Body() dto: CreateIncidentDto): Promise<IncidentDetail> {
    return this.incidents.create(dto);
  }

  @Get(':id')
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  get(@Param('id', uuidParam('id')) incidentId: string): Promise<IncidentDetail> {
    return this.incidents.get(incidentId);
  }

  @Put(':id')
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_updated')
  replace(
    @Param('id', uuidParam('id')) incidentId: string,
    @Body() dto: ReplaceIncidentDto,
  ): Promise<IncidentDetail> {
    return this.incidents.replace(incidentId, dto);
  }

  @Patch(':id')
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_updated')
  update(
    @Param('id', uuidParam('id')) incidentId: string,
    @Body() dto: UpdateIncidentDto,
  ): Promise<IncidentDetail> {
    return this.incidents.update(incidentId, dto);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_acknowledged')
  acknowledge(
    @Param('id', uuidParam('id')) incidentId: string,
    @Body() dto: IncidentActionDto,
  ): Promise<IncidentDetail> {
    return this.moves.move(incidentId, 'acknowledge', dto);
  }

  @Post(':id/start')
  @HttpCode(200)
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_started')
  start(
    @Param('id', uuidParam('id')) incidentId: string,
    @Body() dto: IncidentActionDto,
  ): Promise<IncidentDetail> {
    return this.moves.move(incidentId, 'start', dto);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_resolved')
  resolve(
    @Param('id', uuidParam('id')) incidentId: string,
    @Body() dto: IncidentActionDto,
  ): Promise<IncidentDetail> {
    return this.moves.move(incidentId, 'resolve', dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_closed')
  close(
    @Param('id', uuidParam('id')) incidentId: string,
    @Body() dto: IncidentActionDto,
  ): Promise<IncidentDetail> {
    return this.moves.move(incidentId, 'close', dto);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_reopened')
  reopen(
    @Param('id', uuidParam('id')) incidentId: string,
    @Body() dto: IncidentActionDto,
  ): Promise<IncidentDetail> {
    return this.moves.move(incidentId, 'reopen', dto);
  }

  @Post(':id/checklist/:item')
  @HttpCode(200)
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_checklist_ticked')
  checklist(
    @Param('id', uuidParam('id')) incidentId: string,
    @Param('item', new ParseOneOfPipe('item', INCIDENT_CHECKLIST_ITEMS))
    item: IncidentChecklistItem,
    @Body() dto: IncidentChecklistDto,
  ): Promise<IncidentDetail> {
    return this.moves.checklist(incidentId, item, dto.done);
  }

  @Post(':id/phases/:phase')
  @HttpCode(200)
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_phase_reached')
  phase(
    @Param('id', uuidParam('id')) incidentId: string,
    @Param('phase', new ParseOneOfPipe('phase', INCIDENT_PHASES)) phase: IncidentPhase,
    @Body() dto: IncidentPhaseDto,
  ): Promise<IncidentDetail> {
    return this.moves.phase(incidentId, phase, dto.at);
  }
}
