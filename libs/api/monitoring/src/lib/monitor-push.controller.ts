import { Public } from '@hyperion/api/core';
import { Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { MonitorPush } from './checking/monitor-push';

/**
 * `/api/v1/push/:token` (MONITOR_ROUTES.push): the heartbeat of a push monitor, GET or POST as
 * cron jobs and scripts find easiest (`curl -fsS …/push/<token>?msg=done`). No session: the token
 * is the credential; an unknown token is 404.
 */
@ApiTags('monitors')
@Controller({ path: 'push', version: '1' })
export class MonitorPushController {
  constructor(private readonly pushes: MonitorPush) {}

  @Get(':token')
  @Public()
  @Header('Cache-Control', 'no-store')
  get(@Param('token') token: string, @Query('msg') msg?: unknown): Promise<{ ok: true }> {
    return this.push(token, msg);
  }

  @Post(':token')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  post(@Param('token') token: string, @Query('msg') msg?: unknown): Promise<{ ok: true }> {
    return this.push(token, msg);
  }

  private async push(token: string, msg: unknown): Promise<{ ok: true }> {
    await this.pushes.push(token, typeof msg === 'string' ? msg : undefined);
    return { ok: true };
  }
}
