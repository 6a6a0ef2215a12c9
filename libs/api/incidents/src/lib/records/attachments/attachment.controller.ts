import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type { IncidentAttachment } from '@hyperion/contracts';
import { INCIDENT_PERMISSIONS } from '@hyperion/contracts';
import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { uuidParam } from '../../incident-params';
import { contentDisposition } from './attachment-file';
import { AttachmentUploadInterceptor } from './attachment-upload.interceptor';
import { AttachmentService, UploadedImage } from './attachment.service';

/** `/api/v1/incidents/:id/attachments` (INCIDENT_ROUTES.attachments / .attachment). */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller({ path: 'incidents', version: '1' })
export class AttachmentController {
  constructor(private readonly service: AttachmentService) {}

  @Get(':id/attachments')
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  list(@Param('id', uuidParam('id')) id: string): Promise<IncidentAttachment[]> {
    return this.service.list(id);
  }

  /** multipart/form-data, field `file`: a PNG, JPEG, GIF or WebP of at most 10 MiB. */
  @Post(':id/attachments')
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_attachment_added')
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  add(
    @Param('id', uuidParam('id')) id: string,
    @UploadedFile() file: UploadedImage | undefined,
  ): Promise<IncidentAttachment> {
    return this.service.add(id, file);
  }

  /** The bytes, exactly as uploaded, with the type detected from them. */
  @Get(':id/attachments/:attachmentId')
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  async download(
    @Param('id', uuidParam('id')) id: string,
    @Param('attachmentId', uuidParam('attachmentId')) attachmentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { attachment, stream } = await this.service.open(id, attachmentId);
    res.set({
      'X-Content-Type-Options': 'nosniff',
      // The bytes of an id never change; the browser of the one who may read it may keep them.
      'Cache-Control': 'private, max-age=3600',
      ETag: `"${attachment.sha256}"`,
    });
    return new StreamableFile(stream, {
      type: attachment.contentType,
      length: attachment.size,
      disposition: contentDisposition('inline', attachment.filename),
    });
  }

  @Delete(':id/attachments/:attachmentId')
  @HttpCode(204)
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_attachment_deleted')
  remove(
    @Param('id', uuidParam('id')) id: string,
    @Param('attachmentId', uuidParam('attachmentId')) attachmentId: string,
  ): Promise<void> {
    return this.service.remove(id, attachmentId);
  }
}
