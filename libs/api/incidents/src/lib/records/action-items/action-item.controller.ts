import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type { ActionItemSummary } from '@hyperion/contracts';
import { INCIDENT_PERMISSIONS } from '@hyperion/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { uuidParam } from '../../incident-params';
import {
  ActionItemListQueryDto,
  CreateActionItemDto,
  UpdateActionItemDto,
} from '../dto/records.dto';
import { ActionItemService } from './action-item.service';

/**
 * Action items of post-mortems: `/api/v1/incidents/action-items` (static: registered before
 * IncidentController's `/:id`) and `/api/v1/incidents/:id/action-items`.
 */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller({ path: 'incidents', version: '1' })
export class ActionItemController {
  constructor(private readonly service: ActionItemService) {}

  /** Every incident's action items, the soonest due first (filters: status, overdue, ownerId). */
  @Get('action-items')
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  list(@Query() query: ActionItemListQueryDto): Promise<ActionItemSummary[]> {
    return this.service.list(query);
  }

  @Patch('action-items/:itemId')
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_action_item_updated')
  update(
    @Param('itemId', uuidParam('itemId')) itemId: string,
    @Body() dto: UpdateActionItemDto,
  ): Promise<ActionItemSummary> {
    return this.service.update(itemId, dto);
  }

  @Delete('action-items/:itemId')
  @HttpCode(204)
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_action_item_deleted')
  delete(@Param('itemId', uuidParam('itemId')) itemId: string): Promise<void> {
    return this.service.delete(itemId);
  }

  @Post(':id/action-items')
  @RequirePermissions(INCIDENT_PERMISSIONS.write)
  @AuditRefusal('incident_action_item_created')
  create(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateActionItemDto,
  ): Promise<ActionItemSummary> {
    return this.service.create(id, dto);
  }
}
