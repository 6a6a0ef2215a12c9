import { UnitOfWork } from '@hyperion/api/core';
import type {
  MonitorDay,
  MonitorListQuery,
  MonitorState,
  MonitorUptime,
} from '@hyperion/contracts';
import { MONITOR_RULES } from '@hyperion/contracts';
import { ConflictException, Injectable } from '@nestjs/common';
import { QueryFailedError, Repository, SelectQueryBuilder } from 'typeorm';

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
  | 'responseTimeThresholdMs'
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
  /** The response-time standing after the check (`foldSlow`). */
  slowChecks: number;
  slow: boolean;
}

/** One hour of a monitor's last 24: `ago` 0 is the current hour, 23 the oldest. */
export interface HourOfChecks {
  monitorId: string;
  ago: number;
  checks: number;
  ups: number;
  /** Mean latency of the hour's measured checks, null without any. */
  latencyMs: number | null;
}

/** One page of the monitors list, with what the state filter would find. */
export interface MonitorPage {
  rows: MonitorEntity[];
  total: number;
  byState: Partial<Record<MonitorState, number>>;
}

/** `%text%` for ILIKE, with the pattern's own characters taken literally. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

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

  /**
   * One page of monitors matching the query, down first (then pending, up, paused) unless sorted
   * by name; `total` counts every page, `byState` the same filters without `state`.
   */
  async page(query: MonitorListQuery): Promise<MonitorPage> {
    const filtered = () => this.filtered(query);
    const counts = (await filtered()
      .select('m.state', 'state')
      .addSelect('count(*)::int', 'count')
      .groupBy('m.state')
      .getRawMany()) as { state: MonitorState; count: number }[];
    const byState = Object.fromEntries(counts.map((c) => [c.state, c.count]));
    const total = query.state
      ? (byState[query.state] ?? 0)
      : counts.reduce((sum, c) => sum + c.count, 0);
    const page = filtered();
    if (query.state) page.andWhere('m.state = :state', { state: query.state });
    if ((query.sort ?? 'state') === 'state') {
      page.addOrderBy(
        `CASE m.state WHEN 'down' THEN 0 WHEN 'pending' THEN 1 WHEN 'up' THEN 2 ELSE 3 END`,
      );
    }
    const rows = await page
      .addOrderBy('lower(m.name)')
      .addOrderBy('m.id')
      .limit(query.limit ?? MONITOR_RULES.listLimitDefault)
      .offset(query.offset ?? 0)
      .getMany();
    return { rows, total, byState };
  }

  /**
   * The last 24 hours of checks of these monitors, hour by hour, in ONE query whatever their
   * number (no query per row): the list stays fast at thousands of monitors. The index
   * `monitor_result_monitor_checked_idx` holds `up` and `latency_ms`: it answers from the index
   * alone.
   */
  async lastDay(monitorIds: string[]): Promise<HourOfChecks[]> {
    if (monitorIds.length === 0) return [];
    return (await this.uow.manager.query(
      `SELECT "monitor_id" AS "monitorId",
              LEAST(23, floor(extract(epoch FROM (now() - "checked_at")) / 3600))::int AS "ago",
              count(*)::int AS "checks",
              count(*) FILTER (WHERE "up")::int AS "ups",
              round(avg("latency_ms"))::int AS "latencyMs"
         FROM "monitor_result"
        WHERE "organization_id" = $1 AND "monitor_id" = ANY($2::uuid[])
          AND "checked_at" > now() - interval '24 hours'
        GROUP BY 1, 2`,
      [this.uow.organizationId, monitorIds],
    )) as HourOfChecks[];
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
        slowChecks: check.slowChecks,
        slow: check.slow,
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

  /** Share of UP results by UTC day over the last 90 days, oldest first (from the index alone). */
  days(monitorId: string): Promise<MonitorDay[]> {
    return this.uow.manager.query(
      `SELECT to_char(("checked_at" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS "date",
              round(100.0 * count(*) FILTER (WHERE "up") / count(*), 3)::float AS "uptime",
              count(*)::int AS "checks"
         FROM "monitor_result"
        WHERE "organization_id" = $1 AND "monitor_id" = $2
          AND "checked_at" >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                              - interval '89 days'
        GROUP BY 1 ORDER BY 1`,
      [this.uow.organizationId, monitorId],
    ) as Promise<MonitorDay[]>;
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

  /** The monitors matching the query's filters but `state` (row-level security: this org's). */
  private filtered(query: MonitorListQuery): SelectQueryBuilder<MonitorEntity> {
    const qb = this.rows.createQueryBuilder('m');
    if (query.q) {
      qb.andWhere(
        `(m.name ILIKE :q OR m.groupName ILIKE :q
          OR coalesce(m.target->>'url', m.target->>'host', m.target->>'hostname',
                      m.target->>'path', m.target->>'connectionString', '') ILIKE :q)`,
        { q: contains(query.q) },
      );
    }
    if (query.kind) qb.andWhere('m.kind = :kind', { kind: query.kind });
    if (query.group) qb.andWhere('m.groupName = :group', { group: query.group });
    if (query.tag)
      qb.andWhere('m.tags @> CAST(:tag AS jsonb)', { tag: JSON.stringify([query.tag]) });
    return qb;
  }

  private async save(row: MonitorEntity): Promise<MonitorEntity> {
    try {
      return await this.rows.save(row);
    } catch (error) {
      throw nameConflict(error, row.name) ?? error;
    }
  }
}
