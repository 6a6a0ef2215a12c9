import { Public } from '@hyperion/api/core';
import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { IcalFeedService } from './ical-feed.service';

/**
 * The public iCal feeds (ON_CALL_ROUTES.scheduleIcal / contactIcal): no session, the token in
 * the path is the credential; an unknown token is 404.
 */
@ApiTags('ical')
@Controller({ path: 'ical', version: '1' })
export class IcalController {
  constructor(private readonly feeds: IcalFeedService) {}

  @Get('schedules/:file')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  schedule(@Param('file') file: string): Promise<string> {
    return this.feeds.scheduleFeed(tokenOf(file));
  }

  @Get('contacts/:file')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  contact(@Param('file') file: string): Promise<string> {
    return this.feeds.contactFeed(tokenOf(file));
  }
}

/** `<token>.ics` → the token ('' when the name does not end in .ics: then not found). */
function tokenOf(file: string): string {
  return file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
}
