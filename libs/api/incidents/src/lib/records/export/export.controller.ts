import { RequirePermissions } from '@hyperion/api/core';
import { INCIDENT_PERMISSIONS } from '@hyperion/contracts';
import { Controller, Get, Header, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { uuidParam } from '../../incident-params';
import { contentDisposition } from '../attachments/attachment-file';
import { ExportService } from './export.service';

/** `/api/v1/incidents/:id/export.md|pdf`: the anomaly sheet as a file (read permission). */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller({ path: 'incidents', version: '1' })
export class ExportController {
  constructor(private readonly service: ExportService) {}

  @Get(':id/export.md')
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

  @Get(':id/export.pdf')
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  @ApiProduces('application/pdf')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  async pdf(@Param('id', uuidParam('id')) id: string): Promise<StreamableFile> {
    const { filename, body } = await this.service.pdf(id);
    return new StreamableFile(body, {
      type: 'application/pdf',
      length: body.length,
      disposition: contentDisposition('attachment', filename),
    });
  }
}
