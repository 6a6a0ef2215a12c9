import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { MoreThanOrEqual, Repository } from 'typeorm';

import { ServiceEntity } from '../entities/service.entity';
import { EscalationPolicyEntity } from './entities/escalation-policy.entity';
import { RoutingRuleEntity } from './entities/routing-rule.entity';
import { withConflicts } from './unique-conflict';

export type RoutingRuleFields = Pick<
  RoutingRuleEntity,
  | 'position'
  | 'name'
  | 'enabled'
  | 'matchers'
  | 'serviceId'
  | 'escalationPolicyId'
  | 'urgency'
  | 'channelKinds'
  | 'suppress'
>;

/**
 * The only TypeORM code of routing rules; every call runs inside a unit of work. Positions are
 * kept 0, 1, 2 … by the service, under the organisation's routing lock.
 */
@Injectable()
export class RoutingRuleRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<RoutingRuleEntity> {
    return this.uow.manager.getRepository(RoutingRuleEntity);
  }

  list(): Promise<RoutingRuleEntity[]> {
    return this.rows.find({ order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' } });
  }

  listEnabled(): Promise<RoutingRuleEntity[]> {
    return this.rows.find({
      where: { enabled: true },
      order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  findById(id: string): Promise<RoutingRuleEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** Moves every rule at `position` or later one place down (before inserting there). */
  async shiftFrom(position: number): Promise<void> {
    await this.rows.increment({ position: MoreThanOrEqual(position) }, 'position', 1);
  }

  /** Numbers the rules 0, 1, 2 … in the order of `ids` (only those whose position changes). */
  async renumber(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.uow.manager.query(
      `UPDATE "routing_rule" r SET "position" = v.ord - 1
         FROM unnest($1::uuid[]) WITH ORDINALITY AS v(id, ord)
        WHERE r."id" = v.id AND r."position" <> v.ord - 1`,
      [ids],
    );
  }

  create(fields: RoutingRuleFields): Promise<RoutingRuleEntity> {
    return this.save(this.rows.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  update(row: RoutingRuleEntity, fields: Partial<RoutingRuleFields>): Promise<RoutingRuleEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  serviceExists(id: string): Promise<boolean> {
    return this.uow.manager.getRepository(ServiceEntity).existsBy({ id });
  }

  escalationPolicyExists(id: string): Promise<boolean> {
    return this.uow.manager.getRepository(EscalationPolicyEntity).existsBy({ id });
  }

  private save(row: RoutingRuleEntity): Promise<RoutingRuleEntity> {
    return withConflicts(() => this.rows.save(row), {
      routing_rule_organization_name_key: `A routing rule named "${row.name}" already exists`,
    });
  }
}
