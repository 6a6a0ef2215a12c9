import { RequirePermissions } from '@hyperion/api/core';
import type { IntegrationSummary, ServiceSummary } from '@hyperion/contracts';
import { SERVICE_PERMISSIONS } from '@hyperion/contracts';
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
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CreateIntegrationDto, CreateServiceDto, UpdateServiceDto } from './dto/service.dto';
import { ServiceService } from './service.service';

/** `/api/v1/services` (SERVICE_ROUTES): parse, authorise, delegate. */
@ApiTags('services')
@ApiBearerAuth()
@Controller({ path: 'services', version: '1' })
export class ServiceController {
  constructor(private readonly service: ServiceService) {}

  @Get()
  @RequirePermissions(SERVICE_PERMISSIONS.read)
  list(): Promise<ServiceSummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions(SERVICE_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ServiceSummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions(SERVICE_PERMISSIONS.write)
  create(@Body() dto: CreateServiceDto): Promise<ServiceSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(SERVICE_PERMISSIONS.write)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateServiceDto,
  ): Promise<ServiceSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(SERVICE_PERMISSIONS.write)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }

  @Post(':id/integrations')
  @RequirePermissions(SERVICE_PERMISSIONS.write)
  addIntegration(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateIntegrationDto,
  ): Promise<IntegrationSummary> {
    return this.service.addIntegration(id, dto);
  }

  @Delete(':id/integrations/:integrationId')
  @HttpCode(204)
  @RequirePermissions(SERVICE_PERMISSIONS.write)
  async removeIntegration(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('integrationId', new ParseUUIDPipe()) integrationId: string,
  ): Promise<void> {
    await this.service.removeIntegration(id, integrationId);
  }
}
