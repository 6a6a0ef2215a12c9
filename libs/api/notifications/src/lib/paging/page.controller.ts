import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type { PageSummary } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { CreatePageDto, PageListQueryDto } from './dto/page.dto';
import { PageService } from './page.service';

/** `/api/v1/pages` (ON_CALL_ROUTES.pages): parse, authorise, delegate. */
@ApiTags('pages')
@ApiBearerAuth()
@Controller({ path: 'pages', version: '1' })
export class PageController {
  constructor(private readonly service: PageService) {}

  /** 201 with the new page; 200 with the existing one when its dedupKey was already used. */
  @Post()
  @RequirePermissions('notifications:write')
  @AuditRefusal('page_created')
  async create(
    @Body() dto: CreatePageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PageSummary> {
    const { page, created } = await this.service.create(dto);
    res.status(created ? 201 : 200);
    return page;
  }

  /** Newest first, each with its steps. */
  @Get()
  @RequirePermissions('notifications:read')
  list(@Query() query: PageListQueryDto): Promise<PageSummary[]> {
    return this.service.list(query);
  }

  @Get(':id')
  @RequirePermissions('notifications:read')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PageSummary> {
    return this.service.get(id);
  }

  /** notifications:write, or the paged person themselves (checked by the service). */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @RequirePermissions('notifications:read')
  @AuditRefusal('page_acknowledged')
  acknowledge(@Param('id', new ParseUUIDPipe()) id: string): Promise<PageSummary> {
    return this.service.acknowledge(id);
  }
}
