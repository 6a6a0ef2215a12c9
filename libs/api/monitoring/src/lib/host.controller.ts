import { RequirePermissions } from '@hyperion/api/core';
import type { HostPage, HostSeries, HostSummary } from '@hyperion/contracts';
import { HOST_PERMISSIONS } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import {
  CreateHostDto,
  HostListQueryDto,
  HostSamplesQueryDto,
  UpdateHostDto,
} from './dto/host.dto';
import { HostService } from './host.service';

/** `/api/v1/hosts` (HOST_ROUTES): parse, authorise, delegate. */
@ApiTags('hosts')
@ApiBearerAuth()
@Controller({ path: 'hosts', version: '1' })
export class HostController {
  constructor(private readonly service: HostService) {}

  @Get()
  @RequirePermissions(HOST_PERMISSIONS.read)
  list(@Query() query: HostListQueryDto): Promise<HostPage> {
    return this.service.list(query);
  }

  @Get(':id')
  @RequirePermissions(HOST_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<HostSummary> {
    return this.service.get(id);
  }

  @Get(':id/samples')
  @RequirePermissions(HOST_PERMISSIONS.read)
  samples(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: HostSamplesQueryDto,
  ): Promise<HostSeries> {
    return this.service.history(id, query);
  }

  /** Samples now and answers the host with the outcome (409 while a sample of it is taken). */
  @Post(':id/sample')
  @HttpCode(200)
  @RequirePermissions(HOST_PERMISSIONS.write)
  sample(@Param('id', new ParseUUIDPipe()) id: string): Promise<HostSummary> {
    return this.service.sampleNow(id);
  }

  @Post()
  @RequirePermissions(HOST_PERMISSIONS.write)
  create(@Body() dto: CreateHostDto): Promise<HostSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(HOST_PERMISSIONS.write)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateHostDto,
  ): Promise<HostSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(HOST_PERMISSIONS.write)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }
}
