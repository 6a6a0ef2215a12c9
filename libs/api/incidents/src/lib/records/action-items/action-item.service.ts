import type { Tx } from '@hyperion/api/core';
import { UnitOfWork } from '@hyperion/api/core';
import type { ActionItemSummary } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { IncidentService, incidentTarget } from '../../incident.service';
import { IncidentTimeline } from '../../timeline/incident-timeline';
import {
  ActionItemListQueryDto,
  CreateActionItemDto,
  UpdateActionItemDto,
} from '../dto/records.dto';
import { ActionItemFields, ActionItemRepository } from './action-item.repository';

/** What an audit row and a timeline entry say of an action item. */
const describe = (item: ActionItemSummary) => ({
  actionItemId: item.id,
  title: item.title,
  ownerId: item.owner?.userId ?? null,
  dueDate: item.dueDate,
  status: item.status,
});

/**
 * The action items of post-mortems: each change audited, on its incident's timeline and
 * announced (`incidents:changed`) in its transaction. Owners are members of the organisation.
 */
@Injectable()
export class ActionItemService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly items: ActionItemRepository,
    private readonly timeline: IncidentTimeline,
    private readonly incidents: IncidentService,
  ) {}

  list(query: ActionItemListQueryDto): Promise<ActionItemSummary[]> {
    return this.uow.run((tx) =>
      this.items.list(tx, {
        status: query.status,
        ownerId: query.ownerId,
        overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      }),
    );
  }

  create(incidentId: string, dto: CreateActionItemDto): Promise<ActionItemSummary> {
    return this.uow.run(async (tx) => {
      await this.incidents.findForUpdate(tx, incidentId);
      const fields: ActionItemFields = {
        title: dto.title,
        ownerId: dto.ownerId ?? null,
        dueDate: dto.dueDate ?? null,
        status: 'open',
      };
      await this.checkOwner(tx, fields.ownerId);
      const item = await this.items.insert(tx, incidentId, fields);
      await this.record(
        tx,
        item,
        'incident_action_item_created',
        `Action item added: ${item.title}`,
      );
      return item;
    });
  }

  update(itemId: string, dto: UpdateActionItemDto): Promise<ActionItemSummary> {
    return this.uow.run(async (tx) => {
      const clear = new Set(dto.clear ?? []);
      for (const field of clear) {
        if (dto[field] !== undefined) {
          throw new BadRequestException(`clear: ${field} is both given and cleared`);
        }
      }
      const before = await this.items.find(tx, itemId, true);
      if (!before) throw new NotFoundException('Action item not found');
      const fields: ActionItemFields = {
        title: dto.title ?? before.title,
        ownerId: clear.has('ownerId') ? null : (dto.ownerId ?? before.owner?.userId ?? null),
        dueDate: clear.has('dueDate') ? null : (dto.dueDate ?? before.dueDate),
        status: dto.status ?? before.status,
      };
      if (dto.ownerId !== undefined) await this.checkOwner(tx, fields.ownerId);
      const item = await this.items.update(tx, itemId, fields);
      const changes = (Object.keys(fields) as (keyof ActionItemFields)[]).filter(
        (key) => describe(before)[key] !== describe(item)[key],
      );
      const summary =
        changes.length === 1 && changes[0] === 'status'
          ? `Action item ${item.status === 'done' ? 'done' : `now ${item.status.replace('_', ' ')}`}: ${item.title}`
          : `Action item updated (${changes.join(', ') || 'no change'}): ${item.title}`;
      await this.record(tx, item, 'incident_action_item_updated', summary, {
        previous: describe(before),
      });
      return item;
    });
  }

  delete(itemId: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const item = await this.items.find(tx, itemId, true);
      if (!item) throw new NotFoundException('Action item not found');
      await this.items.delete(tx, itemId);
      await this.record(
        tx,
        item,
        'incident_action_item_deleted',
        `Action item deleted: ${item.title}`,
      );
    });
  }

  /** 400 naming ownerId unless the owner is a member of this organisation. */
  private async checkOwner(tx: Tx, ownerId: string | null): Promise<void> {
    if (ownerId && !(await this.items.isMember(tx, ownerId))) {
      throw new BadRequestException('ownerId: not a member of this organisation');
    }
  }

  private async record(
    tx: Tx,
    item: ActionItemSummary,
    action:
      | 'incident_action_item_created'
      | 'incident_action_item_updated'
      | 'incident_action_item_deleted',
    summary: string,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const details = { ...describe(item), ...extra };
    await tx.audit({
      action,
      target: incidentTarget(item.incidentId),
      result: 'success',
      details,
    });
    await this.timeline.append(tx, item.incidentId, { kind: 'action_item', summary, details });
    await this.incidents.publish(tx, item.incidentId);
  }
}
