import { Actor, CurrentActor, RequirePermissions } from '@hyperion/api/core';
import type { ApiKeySummary, CreatedApiKey } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@RequirePermissions('users:admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  list(): Promise<ApiKeySummary[]> {
    return this.keys.list();
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.keys.create(actor, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
