import { UnitOfWork } from '@hyperion/api/core';
import type { AuditEntry, AuditQuery } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { Repository, SelectQueryBuilder } from 'typeorm';

import { AuditLogEntity } from './audit-log.entity';

export interface CountFilter {
  action: string;
  target: string;
  result?: 'success' | 'failure';
  since?: Date;
}

/**
 * The only place that reads the audit log through TypeORM, always inside a unit of work (whose
 * row-level security keeps other organisations' entries out). Rows are written by
 * `Tx.audit` (core's insertAuditRow); nothing updates or deletes them.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repository(): Repository<AuditLogEntity> {
    return this.uow.manager.getRepository(AuditLogEntity);
  }

  count(filter: CountFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  async lastAt(filter: CountFilter): Promise<Date | null> {
    const row = await this.filtered(filter).orderBy('a.id', 'DESC').limit(1).getOne();
    return row?.occurredAt ?? null;
  }

  /** Newest first, older than `beforeId` when given; `instanceOnly`: entries of no organisation. */
  async page(
    query: AuditQuery,
    beforeId: string | null,
    limit: number,
    instanceOnly = false,
  ): Promise<AuditEntry[]> {
    const qb = this.repository.createQueryBuilder('a');
    if (instanceOnly) qb.andWhere('a.organization_id IS NULL');
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.actor) qb.andWhere('a.actor_id = :actor', { actor: query.actor });
    if (query.result) qb.andWhere('a.result = :result', { result: query.result });
    if (query.from) qb.andWhere('a.occurred_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.occurred_at < :to', { to: query.to });
    if (beforeId) qb.andWhere('a.id < :beforeId', { beforeId });
    const rows = await qb.orderBy('a.id', 'DESC').limit(limit).getMany();
    return rows.map(toEntry);
  }

  private filtered(f: CountFilter): SelectQueryBuilder<AuditLogEntity> {
    const qb = this.repository
      .createQueryBuilder('a')
      .where('a.action = :action', { action: f.action })
      .andWhere('a.target = :target', { target: f.target });
    if (f.result) qb.andWhere('a.result = :result', { result: f.result });
    if (f.since) qb.andWhere('a.occurred_at >= :since', { since: f.since });
    return qb;
  }
}

function toEntry(row: AuditLogEntity): AuditEntry {
  return {
    id: row.id,
    organizationId: row.organizationId,
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action as AuditEntry['action'],
    target: row.target,
    ip: row.ip,
    userAgent: row.userAgent,
    result: row.result,
    details: row.details,
    correlationId: row.correlationId,
  };
}
