import { UnitOfWork } from '@hyperion/api/core';
import type {
  CreateRoutingRuleRequest,
  RoutingRuleSummary,
  UpdateRoutingRuleRequest,
} from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { validateMatchers } from '../ingest-model/matchers';
import { AlertConfigChanges } from './alert-config-changes';
import type { RoutingRuleClearable } from './dto/routing-rule.dto';
import { RoutingRuleEntity } from './entities/routing-rule.entity';
import { RoutingRuleFields, RoutingRuleRepository } from './routing-rule.repository';

export function toRoutingRuleSummary(row: RoutingRuleEntity): RoutingRuleSummary {
  return {
    id: row.id,
    position: row.position,
    name: row.name,
    enabled: row.enabled,
    matchers: row.matchers,
    serviceId: row.serviceId,
    escalationPolicyId: row.escalationPolicyId,
    urgency: row.urgency,
    channelKinds: row.channelKinds,
    suppress: row.suppress,
    createdAt: row.createdAt.toISOString(),
  };
}

const target = (id: string) => `routing_rule:${id}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 400 unless `position` is absent or a whole number from 0. */
function checkPosition(position: unknown): void {
  if (position === undefined) return;
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
    throw new BadRequestException('position: a whole number from 0 (first)');
  }
}

/** A PATCH: the fields given change; those in `clear` become null. */
export type UpdateRoutingRule = UpdateRoutingRuleRequest & { clear?: RoutingRuleClearable[] };

/**
 * Routing rules, in the order they are tried (positions 0, 1, 2 … without gaps). Inserting,
 * moving and deleting renumber the others under the organisation's `routing-rule-order` lock, so
 * parallel changes never leave two rules at one place.
 */
@Injectable()
export class RoutingRuleService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: RoutingRuleRepository,
    private readonly changes: AlertConfigChanges,
  ) {}

  list(): Promise<RoutingRuleSummary[]> {
    return this.uow.run(async () => (await this.repository.list()).map(toRoutingRuleSummary));
  }

  /** The enabled rules in the order they are tried (what routing reads). */
  listEnabled(): Promise<RoutingRuleSummary[]> {
    return this.uow.run(async () =>
      (await this.repository.listEnabled()).map(toRoutingRuleSummary),
    );
  }

  get(id: string): Promise<RoutingRuleSummary> {
    return this.uow.run(async () => toRoutingRuleSummary(await this.found(id)));
  }

  /** At `position` (the others from there move down one), or last. */
  create(dto: CreateRoutingRuleRequest): Promise<RoutingRuleSummary> {
    return this.uow.run(async (tx) => {
      const organizationId = this.uow.organizationId;
      checkPosition(dto.position);
      const matchers = validateMatchers(dto.matchers, 'matchers');
      await this.checkReferences(dto);
      await tx.lock(this.orderLock(organizationId));
      const count = (await this.repository.list()).length;
      const position = Math.min(dto.position ?? count, count);
      await this.repository.shiftFrom(position);
      const row = await this.repository.create({
        position,
        name: dto.name,
        enabled: dto.enabled ?? true,
        matchers,
        serviceId: dto.serviceId ?? null,
        escalationPolicyId: dto.escalationPolicyId ?? null,
        urgency: dto.urgency ?? null,
        channelKinds: dto.channelKinds ? [...dto.channelKinds] : null,
        suppress: dto.suppress ?? false,
      });
      await tx.audit({
        action: 'routing_rule_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name, position: row.position },
      });
      tx.afterCommit(() => this.changes.notify(organizationId));
      return toRoutingRuleSummary(row);
    });
  }

  update(id: string, dto: UpdateRoutingRule): Promise<RoutingRuleSummary> {
    return this.uow.run(async (tx) => {
      const organizationId = this.uow.organizationId;
      const clear = new Set(dto.clear ?? []);
      for (const field of clear) {
        if (dto[field] !== undefined) {
          throw new BadRequestException(`clear: ${field} is both given and cleared`);
        }
      }
      checkPosition(dto.position);
      const matchers =
        dto.matchers === undefined ? undefined : validateMatchers(dto.matchers, 'matchers');
      await this.checkReferences(dto);
      await tx.lock(this.orderLock(organizationId));
      const current = await this.found(id);
      const previousName = current.name;
      const fields: Partial<RoutingRuleFields> = {
        name: dto.name ?? current.name,
        enabled: dto.enabled ?? current.enabled,
        matchers: matchers ?? current.matchers,
        serviceId: clear.has('serviceId') ? null : (dto.serviceId ?? current.serviceId),
        escalationPolicyId: clear.has('escalationPolicyId')
          ? null
          : (dto.escalationPolicyId ?? current.escalationPolicyId),
        urgency: clear.has('urgency') ? null : (dto.urgency ?? current.urgency),
        channelKinds: clear.has('channelKinds')
          ? null
          : dto.channelKinds
            ? [...dto.channelKinds]
            : current.channelKinds,
        suppress: dto.suppress ?? current.suppress,
      };
      let row = await this.repository.update(current, fields);
      if (dto.position !== undefined && dto.position !== current.position) {
        const ids = (await this.repository.list()).map((r) => r.id).filter((r) => r !== id);
        ids.splice(Math.min(dto.position, ids.length), 0, id);
        await this.repository.renumber(ids);
        row = await this.found(id);
      }
      await tx.audit({
        action: 'routing_rule_updated',
        target: target(id),
        result: 'success',
        details: { name: row.name, previousName, position: row.position },
      });
      tx.afterCommit(() => this.changes.notify(organizationId));
      return toRoutingRuleSummary(row);
    });
  }

  /** Removes it; the rules after it move up one. */
  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const organizationId = this.uow.organizationId;
      await tx.lock(this.orderLock(organizationId));
      const row = await this.found(id);
      await this.repository.delete(id);
      await this.repository.renumber((await this.repository.list()).map((r) => r.id));
      await tx.audit({
        action: 'routing_rule_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name, position: row.position },
      });
      tx.afterCommit(() => this.changes.notify(organizationId));
    });
  }

  private orderLock(organizationId: string): string {
    return `routing-rule-order:${organizationId}`;
  }

  /** 400 naming serviceId or escalationPolicyId when it is not one of this organisation's. */
  private async checkReferences(dto: {
    serviceId?: string;
    escalationPolicyId?: string;
  }): Promise<void> {
    if (dto.serviceId !== undefined && !(await this.exists('service', dto.serviceId))) {
      throw new BadRequestException(`serviceId: no service ${dto.serviceId} in this organisation`);
    }
    if (
      dto.escalationPolicyId !== undefined &&
      !(await this.exists('escalationPolicy', dto.escalationPolicyId))
    ) {
      throw new BadRequestException(
        `escalationPolicyId: no escalation policy ${dto.escalationPolicyId} in this organisation`,
      );
    }
  }

  private async exists(kind: 'service' | 'escalationPolicy', id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    return kind === 'service'
      ? this.repository.serviceExists(id)
      : this.repository.escalationPolicyExists(id);
  }

  private async found(id: string): Promise<RoutingRuleEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Routing rule not found');
    return row;
  }
}
