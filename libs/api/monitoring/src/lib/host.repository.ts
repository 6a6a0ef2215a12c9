import { UnitOfWork } from '@hyperion/api/core';
import type { HostLatest, HostSparkPoint } from '@hyperion/contracts';
import { HOST_RULES } from '@hyperion/contracts';
import { ConflictException, Injectable } from '@nestjs/common';
import { QueryFailedError, Repository } from 'typeorm';

import { HostEntity } from './entities/host.entity';

/** The fields a use case sets; the organisation comes from the unit of work. */
export type HostFields = Pick<
  HostEntity,
  | 'name'
  | 'kind'
  | 'url'
  | 'secret'
  | 'intervalSeconds'
  | 'enabled'
  | 'tags'
  | 'cpuThreshold'
  | 'memoryThreshold'
  | 'diskThreshold'
  | 'thresholdSeconds'
>;

/** A host as the API shows it: its row, its latest sample's figures, its CPU sparkline. */
export interface HostView {
  host: HostEntity;
  latest: HostLatest | null;
  sparkline: HostSparkPoint[];
}

/** A due sample: which host, of which organisation, due since when. */
export interface DueSample {
  id: string;
  organizationId: string;
  dueAt: Date;
}

/** Where a page of the host list starts: after this name and id. */
export interface HostListKey {
  name: string;
  id: string;
}

const UNIQUE_NAME = 'host_organization_name_key';

/** 409 for a name already taken in this organisation (PostgreSQL's unique violation). */
function nameConflict(error: unknown, name: string): ConflictException | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (
    error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }
  ).driverError;
  if (driverError?.code !== '23505' || driverError.constraint !== UNIQUE_NAME) return null;
  return new ConflictException(`A host named "${name}" already exists`);
}

/** How long one sample may take: shorter than the interval, 10 s at most. */
export const sampleTimeoutSeconds = (intervalSeconds: number) =>
  Math.max(1, Math.min(10, intervalSeconds - 1));

/**
 * The host columns, the latest sample's figures (the newest row of its key, one index probe)
 * and the last minutes' CPU averages, in one statement whatever the number of hosts: the list's
 * page is one query, not one per host.
 */
const VIEW = (hostColumns: string) => `
  SELECT ${hostColumns},
         to_jsonb(l) AS "latest",
         coalesce(s."points", '[]'::jsonb) AS "sparkline"
    FROM "host" h
    LEFT JOIN LATERAL (
      SELECT hs."at", hs."cpu_percent" AS "cpuPercent", hs."memory_percent" AS "memoryPercent",
             hs."disk_percent" AS "diskPercent"
        FROM "host_sample" hs
       WHERE hs."organization_id" = h."organization_id" AND hs."host_id" = h."id"
       ORDER BY hs."at" DESC LIMIT 1) l ON true
    LEFT JOIN LATERAL (
      SELECT jsonb_agg(jsonb_build_object('at', m."at", 'cpuPercent', round(m."cpu_avg"::numeric, 2))
                       ORDER BY m."at") AS "points"
        FROM "host_sample_minute" m
       WHERE m."organization_id" = h."organization_id" AND m."host_id" = h."id"
         AND m."at" >= date_trunc('minute', now()) - ${HOST_RULES.sparklineMinutes} * interval '1 minute') s
      ON true`;

const iso = (value: string) => new Date(value).toISOString();

/**
 * The only place that touches TypeORM for hosts. Every call runs inside a unit of work
 * (`UnitOfWork.run`): its EntityManager carries the organisation, so row-level security keeps
 * other organisations' rows out of every query (the scheduler's `due` runs in platform scope).
 */
@Injectable()
export class HostRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<HostEntity> {
    return this.uow.manager.getRepository(HostEntity);
  }

  /** One page of hosts by name (after `after`), with their figures and sparklines. */
  async page(after: HostListKey | null, limit: number): Promise<HostView[]> {
    const rows = (await this.uow.manager.query(
      `${VIEW(this.hostColumns)}
        WHERE ($1::varchar IS NULL OR (h."name", h."id") > ($1::varchar, $2::uuid))
        ORDER BY h."name", h."id" LIMIT $3`,
      [after?.name ?? null, after?.id ?? null, limit],
    )) as ViewRow[];
    return rows.map((r) => this.toView(r));
  }

  /** One host as the API shows it, or null. */
  async view(id: string): Promise<HostView | null> {
    const rows = (await this.uow.manager.query(`${VIEW(this.hostColumns)} WHERE h."id" = $1`, [
      id,
    ])) as ViewRow[];
    return rows[0] ? this.toView(rows[0]) : null;
  }

  findById(id: string): Promise<HostEntity | null> {
    return this.rows.findOneBy({ id });
  }

  create(id: string, fields: HostFields, firstSampleAt: Date): Promise<HostEntity> {
    return this.save(
      this.rows.create({
        ...fields,
        id,
        organizationId: this.uow.organizationId,
        state: fields.enabled ? 'pending' : 'paused',
        failures: 0,
        stateChangedAt: new Date(),
        lastSampleAt: null,
        lastError: null,
        collectorState: null,
        thresholdState: {},
        nextSampleAt: firstSampleAt,
        runningUntil: null,
      }),
    );
  }

  update(row: HostEntity, fields: Partial<HostEntity>): Promise<HostEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  /**
   * Takes the lease of one sample of a host: only if it is enabled, due (unless `force`), and
   * no sample of it is being taken (or the one that was outlived its lease). Moves its next
   * sample one interval on. Null when another instance or job has it, or it is not due.
   */
  async claim(id: string, force: boolean): Promise<HostEntity | null> {
    const rows = (await this.uow.manager.query(
      `UPDATE "host"
          SET "running_until" = now() + (least(10, greatest(1, "interval_seconds" - 1)) + 15)
                                        * interval '1 second',
              "next_sample_at" = now() + "interval_seconds" * interval '1 second'
        WHERE "id" = $1 AND "enabled"
          AND ("running_until" IS NULL OR "running_until" < now())
          AND ($2 OR "next_sample_at" <= now() + interval '1 second')
        RETURNING "id"`,
      [id, force],
    )) as [unknown[], number] | unknown[];
    const updated = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : (rows as unknown[]);
    if (updated.length === 0) return null;
    return this.findById(id);
  }

  /** Due samples of every organisation, oldest first (call in platform scope). */
  async due(limit: number): Promise<DueSample[]> {
    return (await this.uow.manager.query(
      `SELECT "id", "organization_id" AS "organizationId", "next_sample_at" AS "dueAt"
         FROM "host"
        WHERE "enabled" AND "next_sample_at" <= now()
          AND ("running_until" IS NULL OR "running_until" < now())
        ORDER BY "next_sample_at" LIMIT $1`,
      [limit],
    )) as DueSample[];
  }

  /** The host's columns under their entity property names (`h."interval_seconds" AS "intervalSeconds"` …). */
  private get hostColumns(): string {
    return this.uow.manager.connection
      .getMetadata(HostEntity)
      .columns.map((c) => `h."${c.databaseName}" AS "${c.propertyName}"`)
      .join(', ');
  }

  private toView({ latest, sparkline, ...columns }: ViewRow): HostView {
    return {
      host: this.rows.create(columns as Partial<HostEntity>),
      latest: latest ? { ...latest, at: iso(latest.at) } : null,
      sparkline: sparkline.map((p) => ({ at: iso(p.at), cpuPercent: Number(p.cpuPercent) })),
    };
  }

  private async save(row: HostEntity): Promise<HostEntity> {
    try {
      return await this.rows.save(row);
    } catch (error) {
      throw nameConflict(error, row.name) ?? error;
    }
  }
}

interface ViewRow extends Record<string, unknown> {
  latest: HostLatest | null;
  sparkline: HostSparkPoint[];
}
