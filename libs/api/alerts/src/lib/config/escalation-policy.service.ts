import { UnitOfWork } from '@hyperion/api/core';
import type {
  CreateEscalationPolicyRequest,
  EscalationLevel,
  EscalationPolicySummary,
  EscalationTarget,
  UpdateEscalationPolicyRequest,
} from '@hyperion/contracts';
import { ALERT_RULES } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { AlertConfigChanges } from './alert-config-changes';
import { EscalationPolicyEntity } from './entities/escalation-policy.entity';
import { DEFAULT_ESCALATION_LEVELS, parseLevels } from './escalation-levels';
import { EscalationPolicyRepository } from './escalation-policy.repository';

export function toEscalationPolicySummary(row: EscalationPolicyEntity): EscalationPolicySummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isDefault: row.isDefault,
    repeat: row.repeat,
    levels: row.levels,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const target = (id: string) => `escalation_policy:${id}`;

/** The name of the policy created for an organisation that has none. */
export const DEFAULT_POLICY_NAME = 'Default';

/**
 * Escalation policies. One per organisation is the default (services without a policy follow
 * it); every change that may touch the flag (creating the default, `isDefault: true`, any update
 * or delete) runs under the organisation's `escalation-policy-default` lock, so parallel requests
 * never make two defaults nor delete the one just made the default.
 */
@Injectable()
export class EscalationPolicyService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: EscalationPolicyRepository,
    private readonly changes: AlertConfigChanges,
  ) {}

  /** Every policy, the default first; creates the default when the organisation has none. */
  list(): Promise<EscalationPolicySummary[]> {
    return this.uow.run(async () => {
      await this.defaultPolicy();
      return (await this.repository.list()).map(toEscalationPolicySummary);
    });
  }

  get(id: string): Promise<EscalationPolicySummary> {
    return this.uow.run(async () => toEscalationPolicySummary(await this.found(id)));
  }

  /** The policy, or null when it does not exist in this organisation (for other domains). */
  findSummary(id: string): Promise<EscalationPolicySummary | null> {
    return this.uow.run(async () => {
      const row = await this.repository.findById(id);
      return row ? toEscalationPolicySummary(row) : null;
    });
  }

  /**
   * The organisation's default policy, created (once, whoever asks at the same time) as the
   * documents describe it when there is none: DevOps by email and Slack at once, the lead dev by
   * SMS after 15 minutes, the CTO by a call after 30, the direction after 45.
   */
  defaultPolicy(): Promise<EscalationPolicySummary> {
    return this.uow.run(async (tx) => {
      const existing = await this.repository.findDefault();
      if (existing) return toEscalationPolicySummary(existing);
      const organizationId = this.uow.organizationId;
      await tx.lock(this.defaultLock(organizationId));
      // Whoever held the lock may have created it meanwhile (READ COMMITTED: this sees it).
      const created = await this.repository.findDefault();
      if (created) return toEscalationPolicySummary(created);
      const row = await this.repository.create({
        name: await this.freeDefaultName(),
        description: 'Created by Hyperion from the operational procedures; edit it at will.',
        isDefault: true,
        repeat: 0,
        levels: DEFAULT_ESCALATION_LEVELS.map((level) => ({
          ...level,
          targets: [],
          channelKinds: [...level.channelKinds],
        })),
      });
      await tx.audit({
        action: 'escalation_policy_created',
        target: target(row.id),
        result: 'success',
        details: { ...this.auditDetails(row), automatic: true },
      });
      tx.afterCommit(() => this.changes.notify(organizationId));
      return toEscalationPolicySummary(row);
    });
  }

  create(dto: CreateEscalationPolicyRequest): Promise<EscalationPolicySummary> {
    return this.uow.run(async (tx) => {
      const organizationId = this.uow.organizationId;
      const levels = await this.checkedLevels(dto.levels);
      const repeat = this.checkedRepeat(dto.repeat ?? 0);
      const isDefault = dto.isDefault ?? false;
      if (isDefault) {
        await tx.lock(this.defaultLock(organizationId));
        await this.repository.clearDefault();
      }
      const row = await this.repository.create({
        name: dto.name,
        description: dto.description ?? '',
        isDefault,
        repeat,
        levels,
      });
      await tx.audit({
        action: 'escalation_policy_created',
        target: target(row.id),
        result: 'success',
        details: this.auditDetails(row),
      });
      tx.afterCommit(() => this.changes.notify(organizationId));
      return toEscalationPolicySummary(row);
    });
  }

  update(id: string, dto: UpdateEscalationPolicyRequest): Promise<EscalationPolicySummary> {
    return this.uow.run(async (tx) => {
      const organizationId = this.uow.organizationId;
      // Before reading: the default flag read here stays true until this commits.
      await tx.lock(this.defaultLock(organizationId));
      const current = await this.found(id);
      const previousName = current.name;
      const levels =
        dto.levels === undefined ? current.levels : await this.checkedLevels(dto.levels);
      const repeat = dto.repeat === undefined ? current.repeat : this.checkedRepeat(dto.repeat);
      if (dto.isDefault === false && current.isDefault) {
        throw new ConflictException(
          'isDefault: the organisation needs a default escalation policy; make another policy the default instead',
        );
      }
      if (dto.isDefault === true && !current.isDefault) await this.repository.clearDefault(id);
      const row = await this.repository.update(current, {
        name: dto.name ?? current.name,
        description: dto.description ?? current.description,
        isDefault: dto.isDefault ?? current.isDefault,
        repeat,
        levels,
      });
      await tx.audit({
        action: 'escalation_policy_updated',
        target: target(id),
        result: 'success',
        details: { ...this.auditDetails(row), previousName },
      });
      tx.afterCommit(() => this.changes.notify(organizationId));
      return toEscalationPolicySummary(row);
    });
  }

  /** 409 for the default (services without a policy follow it): make another the default first. */
  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const organizationId = this.uow.organizationId;
      await tx.lock(this.defaultLock(organizationId));
      const row = await this.found(id);
      if (row.isDefault) {
        throw new ConflictException(
          `"${row.name}" is the default escalation policy and cannot be deleted: make another policy the default first`,
        );
      }
      await this.repository.delete(id);
      await tx.audit({
        action: 'escalation_policy_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name },
      });
      tx.afterCommit(() => this.changes.notify(organizationId));
    });
  }

  private defaultLock(organizationId: string): string {
    return `escalation-policy-default:${organizationId}`;
  }

  /** "Default", or "Default 2" … when a policy that is not the default already has that name. */
  private async freeDefaultName(): Promise<string> {
    for (let n = 1; ; n++) {
      const name = n === 1 ? DEFAULT_POLICY_NAME : `${DEFAULT_POLICY_NAME} ${n}`;
      if (!(await this.repository.nameTaken(name))) return name;
    }
  }

  private checkedRepeat(repeat: unknown): number {
    if (
      typeof repeat !== 'number' ||
      !Number.isInteger(repeat) ||
      repeat < 0 ||
      repeat > ALERT_RULES.repeatMax
    ) {
      throw new BadRequestException(`repeat: a whole number from 0 to ${ALERT_RULES.repeatMax}`);
    }
    return repeat;
  }

  /** The levels, checked field by field; 400 naming any target that is not in this organisation. */
  private async checkedLevels(value: unknown): Promise<EscalationLevel[]> {
    const parsed = parseLevels(value);
    if (parsed.problem !== undefined) throw new BadRequestException(parsed.problem);
    const { levels } = parsed;
    const byType = new Map<EscalationTarget['type'], Set<string>>();
    for (const level of levels) {
      for (const t of level.targets) {
        byType.set(t.type, (byType.get(t.type) ?? new Set()).add(t.id));
      }
    }
    const known = new Set<string>();
    for (const [type, ids] of byType) {
      for (const id of await this.repository.existingTargetIds(type, [...ids])) {
        known.add(`${type}:${id}`);
      }
    }
    for (const [i, level] of levels.entries()) {
      for (const [j, t] of level.targets.entries()) {
        if (!known.has(`${t.type}:${t.id}`)) {
          throw new BadRequestException(
            `levels[${i}].targets[${j}].id: no ${t.type} ${t.id} in this organisation`,
          );
        }
      }
    }
    return levels;
  }

  private auditDetails(row: EscalationPolicyEntity): Record<string, string | number | boolean> {
    return {
      name: row.name,
      isDefault: row.isDefault,
      levels: row.levels.length,
      repeat: row.repeat,
    };
  }

  private async found(id: string): Promise<EscalationPolicyEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Escalation policy not found');
    return row;
  }
}
