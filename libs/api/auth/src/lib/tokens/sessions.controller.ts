import { Actor, CurrentActor } from '@hyperion/api/core';
import type { SessionSummary } from '@hyperion/contracts';
import {
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { MySessionsService } from './my-sessions.service';

/** `/api/v1/auth/sessions`: the caller's own signed-in sessions (no permission needed). */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: MySessionsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  list(@CurrentActor() actor: Actor): Promise<SessionSummary[]> {
    return this.sessions.list(actor);
  }

  /** "Sign out everywhere else": every session but the current one. */
  @Post('revoke-others')
  @HttpCode(204)
  revokeOthers(@CurrentActor() actor: Actor): Promise<void> {
    return this.sessions.revokeOthers(actor);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    return this.sessions.revoke(actor, id);
  }
}
