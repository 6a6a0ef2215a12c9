import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type { PostmortemDetail } from '@hyperion/contracts';
import { INCIDENT_PERMISSIONS } from '@hyperion/contracts';
import { Body, Controller, Get, Header, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { uuidParam } from '../../incident-params';
import { contentDisposition } from '../attachments/attachment-file';
import { SavePostmortemDto } from '../dto/records.dto';
import { PostmortemService } from './postmortem.service';

/** `/api/v1/incidents/:id/postmortem` (INCIDENT_ROUTES.postmortem / .postmortemMarkdown). */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller({ path: 'incidents', version: '1' })
export class PostmortemController {
  constructor(private readonly service: PostmortemService) {}

  /** The saved post-mortem, or (version 0) a draft pre-filled from the incident. */
  @Get(':id/postmortem')
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  get(@Param('id', uuidParam('id')) id: string): Promise<PostmortemDetail> {
    return this.service.get(id);
  }

  /** Only for a resolved or closed incident; `version` 0 for the first save (409 when stale). */
  @Put(':id/postmortem')
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_postmortem_saved')
  save(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: SavePostmortemDto,
  ): Promise<PostmortemDetail> {
    return this.service.save(id, dto);
  }

  @Get(':id/postmortem/export.md')
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  @ApiProduces('text/markdown')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  async markdown(
    @Param('id', uuidParam('id')) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { filename, body } = await this.service.markdown(id);
    res.type('text/markdown; charset=utf-8');
    res.set('Content-Disposition', contentDisposition('attachment', filename));
    return body;
  }
}
