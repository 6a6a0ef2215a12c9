import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type { IncidentTimelineEntry } from '@hyperion/contracts';
import { INCIDENT_PERMISSIONS } from '@hyperion/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { IncidentCommentDto, IncidentNoteDto, IncidentPinDto } from '../dto/incident-requests.dto';
import { uuidParam } from '../incident-params';
import { IncidentNotesService } from './incident-notes.service';

/** `/api/v1/incidents/:id/timeline|comments|notes` (INCIDENT_ROUTES): the timeline and what people add to it. */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller({ path: 'incidents', version: '1' })
export class IncidentTimelineController {
  constructor(private readonly notes: IncidentNotesService) {}

  /** Oldest first. */
  @Get(':id/timeline')
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  timeline(@Param('id', uuidParam('id')) incidentId: string): Promise<IncidentTimelineEntry[]> {
    return this.notes.list(incidentId);
  }

  @Post(':id/comments')
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_commented')
  comment(
    @Param('id', uuidParam('id')) incidentId: string,
    @Body() dto: IncidentCommentDto,
  ): Promise<IncidentTimelineEntry> {
    return this.notes.comment(incidentId, dto.body);
  }

  @Post(':id/notes')
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_note_added')
  note(
    @Param('id', uuidParam('id')) incidentId: string,
    @Body() dto: IncidentNoteDto,
  ): Promise<IncidentTimelineEntry> {
    return this.notes.note(incidentId, dto.body, dto.at);
  }

  @Put(':id/timeline/:entryId/pin')
  @HttpCode(200)
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_entry_pinned')
  pin(
    @Param('id', uuidParam('id')) incidentId: string,
    @Param('entryId', uuidParam('entryId')) entryId: string,
    @Body() dto: IncidentPinDto,
  ): Promise<IncidentTimelineEntry> {
    return this.notes.pin(incidentId, entryId, dto.pinned);
  }
}
