import { UnitOfWork } from '@hyperion/api/core';
import type { EscalationTarget } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { Not, Repository } from 'typeorm';

import { EscalationPolicyEntity } from './entities/escalation-policy.entity';
import { withConflicts } from './unique-conflict';

export type EscalationPolicyFields = Pick<
  EscalationPolicyEntity,
  'name' | 'description' | 'isDefault' | 'repeat' | 'levels'
>;

/** The table each kind of target lives in (all tenant tables: RLS keeps the search in-house). */
const TARGET_TABLES: Record<EscalationTarget['type'], string> = {
  contact: 'contact',
  team: 'team',
  schedule: 'schedule',
  channel: 'notification_channel',
};

/** The only TypeORM code of escalation policies; every call runs inside a unit of work. */
@Injectable()
export class EscalationPolicyRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<EscalationPolicyEntity> {
    return this.uow.manager.getRepository(EscalationPolicyEntity);
  }

  /** The default first, then by name. */
  list(): Promise<EscalationPolicyEntity[]> {
    return this.rows.find({ order: { isDefault: 'DESC', name: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<EscalationPolicyEntity | null> {
    return this.rows.findOneBy({ id });
  }

  findDefault(): Promise<EscalationPolicyEntity | null> {
    return this.rows.findOneBy({ isDefault: true });
  }

  async nameTaken(name: string): Promise<boolean> {
    return this.rows.existsBy({ name });
  }

  create(fields: EscalationPolicyFields): Promise<EscalationPolicyEntity> {
    return this.save(this.rows.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  update(
    row: EscalationPolicyEntity,
    fields: Partial<EscalationPolicyFields>,
  ): Promise<EscalationPolicyEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  /** Takes the default flag off every policy but `keepId` (call under the default's lock). */
  async clearDefault(keepId?: string): Promise<void> {
    await this.rows.update(keepId ? { isDefault: true, id: Not(keepId) } : { isDefault: true }, {
      isDefault: false,
    });
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  /** Those of `ids` that are targets of `type` in this organisation. */
  async existingTargetIds(
    type: EscalationTarget['type'],
    ids: readonly string[],
  ): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.uow.manager.query<{ id: string }[]>(
      `SELECT id FROM "${TARGET_TABLES[type]}" WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return found.map((r) => r.id);
  }

  private save(row: EscalationPolicyEntity): Promise<EscalationPolicyEntity> {
    return withConflicts(() => this.rows.save(row), {
      escalation_policy_organization_name_key: `An escalation policy named "${row.name}" already exists`,
      escalation_policy_organization_default_idx:
        'Another escalation policy became the default at the same time: try again',
    });
  }
}
