import { UnitOfWork } from '@hyperion/api/core';
import type { MonitorUptime } from '@hyperion/contracts';
import { ConflictException, Injectable } from '@nestjs/common';
import { QueryFailedError, Repository } from 'typeorm';

import { MonitorResultEntity } from './entities/monitor-result.entity';
import { MonitorEntity } from './entities/monitor.entity';

/** The fields a use case sets; the organisation comes from the unit of work. */
export type MonitorFields = Pick<
  MonitorEntity,
  | 'name'
  | 'kind'
  | 'target'
  | 'secret'
  | 'intervalSeconds'
  | 'timeoutSeconds'
  | 'retries'
  | 'enabled'
  | 'serviceId'
  | 'groupName'
  | 'tags'
  | 'pushToken'
>;

/** A due check: which monitor, of which organisation, due since when. */
export interface DueCheck {
  id: string;
  organizationId: string;
  dueAt: Date;
}

/** What one check changes: the monitor's standing and its result row. */
export interface CheckRecord {
  checkedAt: Date;
  up: boolean;
  latencyMs: number | null;
  message: string;
  state: MonitorEntity['state'];
  failures: number;
  stateChanged: boolean;
  checkState: Record<string, unknown> | null | undefined;
}

const UNIQUE_NAME = 'monitor_organization_name_key';

/** 409 for a name already taken in this organisation (PostgreSQL's unique violation). */
function nameConflict(error: unknown, name: string): ConflictException | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (
    error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }
  ).driverError;
  if (driverError?.code !== '23505' || driverError.constraint !== UNIQUE_NAME) return null;
  return new ConflictException(`A monitor named "${name}" already exists`);
}

/**
 * The only place that touches TypeORM for monitors. Every call runs inside a unit of
 * work (`UnitOfWork.run`): its EntityManager carries the organisation, so row-level security
 * keeps other organisations' rows out of every query (the scheduler's `due` runs in platform
 * scope, the push lookup by its token).
 */
@Injectable()
export class MonitorRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<MonitorEntity> {
    return this.uow.manager.getRepository(MonitorEntity);
  }

  list(): Promise<MonitorEntity[]> {
    return this.rows.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<MonitorEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** The monitor of a push token (call with the lookup `monitor_push_token` set). */
  findByPushToken(token: string): Promise<MonitorEntity | null> {
    return this.rows.findOneBy({ pushToken: token });
  }

  create(id: string, fields: MonitorFields, firstCheckAt: Date): Promise<MonitorEntity> {
    const now = new Date();
    return this.save(
      this.rows.create({
        ...fields,
        id,
        organizationId: this.uow.organizationId,
        state: fields.enabled ? 'pending' : 'paused',
        failures: 0,
        lastCheckedAt: null,
        lastLatencyMs: null,
        lastMessage: null,
        stateChangedAt: now,
        checkState: null,
        nextCheckAt: firstCheckAt,
        runningUntil: null,
      }),
    );
  }

  update(row: MonitorEntity, fields: Partial<MonitorEntity>): Promise<MonitorEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  /**
   * Takes the lease of one check of a monitor: only if it is enabled, due (unless `force`), and
   * no check of it runs (or the one that ran outlived its lease). Moves its next check one
   * interval on. Null when another instance or job has it, or it is not due.
   */
  async claim(id: string, force: boolean): Promise<MonitorEntity | null> {
    const rows = (await this.uow.manager.query(
      `UPDATE "monitor"
          SET "running_until" = now() + ("timeout_seconds" + 15) * interval '1 second',
              "next_check_at" = now() + "interval_seconds" * interval '1 second'
        WHERE "id" = $1 AND "enabled"
          AND ("running_until" IS NULL OR "running_until" < now())
          AND ($2 OR "next_check_at" <= now() + interval '1 second')
        RETURNING "id"`,
      [id, force],
    )) as [unknown[], number] | unknown[];
    const updated = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : (rows as unknown[]);
    if (updated.length === 0) return null;
    return this.findById(id);
  }

  /** Writes a check's verdict: the result row, the monitor's standing, the lease released. */
  async record(row: MonitorEntity, check: CheckRecord): Promise<void> {
    await this.uow.manager.getRepository(MonitorResultEntity).insert({
      organizationId: row.organizationId,
      monitorId: row.id,
      checkedAt: check.checkedAt,
      up: check.up,
      latencyMs: check.latencyMs,
      message: check.message.slice(0, 500),
    });
    await this.rows.update(
      { id: row.id },
      {
        state: check.state,
        failures: check.failures,
        lastCheckedAt: check.checkedAt,
        lastLatencyMs: check.latencyMs,
        lastMessage: check.message.slice(0, 500),
        ...(check.stateChanged ? { stateChangedAt: check.checkedAt } : {}),
        ...(check.checkState !== undefined
          ? { checkState: check.checkState as MonitorEntity['checkState'] & object }
          : {}),
        runningUntil: null,
      },
    );
  }

  /** A push arrived: the monitor's next verdict is due one interval from now. */
  async pushed(row: MonitorEntity): Promise<void> {
    await this.rows.update(
      { id: row.id },
      { nextCheckAt: new Date(Date.now() + row.intervalSeconds * 1000) },
    );
  }

  /** The monitor's latest results, newest first. */
  results(monitorId: string, limit: number): Promise<MonitorResultEntity[]> {
    return this.uow.manager.getRepository(MonitorResultEntity).find({
      where: { monitorId },
      order: { checkedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** Share of UP results over 24 h, 7, 30 and 90 days (null without results in a window). */
  async uptime(monitorId: string): Promise<MonitorUptime> {
    const [row] = (await this.uow.manager.query(
      `SELECT ${(['day', 'week', 'month', 'quarter'] as const)
        .map(
          (w, i) =>
            `round(100.0 * count(*) FILTER (WHERE "up" AND "checked_at" > now() - interval '${[1, 7, 30, 90][i]} days')
                   / nullif(count(*) FILTER (WHERE "checked_at" > now() - interval '${[1, 7, 30, 90][i]} days'), 0), 3)::float AS "${w}"`,
        )
        .join(', ')}
         FROM "monitor_result"
        WHERE "organization_id" = $1 AND "monitor_id" = $2
          AND "checked_at" > now() - interval '90 days'`,
      [this.uow.organizationId, monitorId],
    )) as MonitorUptime[];
    return row;
  }

  /** Due checks of every organisation, oldest first (call in platform scope). */
  async due(limit: number): Promise<DueCheck[]> {
    const rows = (await this.uow.manager.query(
      `SELECT "id", "organization_id" AS "organizationId", "next_check_at" AS "dueAt"
         FROM "monitor"
        WHERE "enabled" AND "next_check_at" <= now()
          AND ("running_until" IS NULL OR "running_until" < now())
        ORDER BY "next_check_at" LIMIT $1`,
      [limit],
    )) as DueCheck[];
    return rows;
  }

  /** Deletes results older than `days` (every organisation; call in platform scope). */
  async prune(days: number): Promise<number> {
    const result = (await this.uow.manager.query(
      `DELETE FROM "monitor_result" WHERE "checked_at" < now() - $1 * interval '1 day'`,
      [days],
    )) as [unknown, number];
    return result[1] ?? 0;
  }

  private async save(row: MonitorEntity): Promise<MonitorEntity> {
    try {
      return await this.rows.save(row);
    } catch (error) {
      throw nameConflict(error, row.name) ?? error;
    }
  }
}
