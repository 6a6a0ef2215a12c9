import { RequirePermissions } from '@hyperion/api/core';
import type { SshSessionCommand, SshSessionDetail, SshSessionSummary } from '@hyperion/contracts';
import { SSH_TERMINAL_PERMISSIONS } from '@hyperion/contracts';
import { Controller, Get, Param, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import {
  SshCommandSearchQueryDto,
  SshRecordingQueryDto,
  SshSessionListQueryDto,
} from './ssh-session.dto';
import { SshSessionService } from './ssh-session.service';

/** `Content-Disposition` of a download: an ASCII name and the UTF-8 one (RFC 6266 / 5987). */
function attachment(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** `/api/v1/ssh/sessions`, `/api/v1/ssh/commands` (SSH_TERMINAL_ROUTES): parse, authorise, delegate. */
@ApiTags('ssh')
@ApiBearerAuth()
@Controller({ path: 'ssh', version: '1' })
export class SshSessionController {
  constructor(private readonly service: SshSessionService) {}

  @Get('sessions')
  @RequirePermissions(SSH_TERMINAL_PERMISSIONS.use)
  list(@Query() query: SshSessionListQueryDto): Promise<SshSessionSummary[]> {
    return this.service.list(query);
  }

  @Get('sessions/:id')
  @RequirePermissions(SSH_TERMINAL_PERMISSIONS.use)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<SshSessionDetail> {
    return this.service.get(id);
  }

  @Get('sessions/:id/recording')
  @RequirePermissions(SSH_TERMINAL_PERMISSIONS.use)
  async recording(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: SshRecordingQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { handle, name } = await this.service.recording(id);
    res.setHeader('Content-Type', 'application/x-asciicast');
    res.setHeader('Cache-Control', 'no-store');
    if (query.download === '1' || query.download === 'true') {
      res.setHeader('Content-Disposition', attachment(name));
    }
    return new StreamableFile(handle.createReadStream());
  }

  @Get('commands')
  @RequirePermissions(SSH_TERMINAL_PERMISSIONS.use)
  commands(@Query() query: SshCommandSearchQueryDto): Promise<SshSessionCommand[]> {
    return this.service.searchCommands(query);
  }
}
