import { UnitOfWork } from '@hyperion/api/core';
import type {
  IncidentSeverity,
  IncidentStatus,
  MonitorKind,
  MonitorState,
} from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

export interface OrganizationRow {
  id: string;
  slug: string;
}

export interface MonitorRow {
  organization: string;
  name: string;
  kind: MonitorKind;
  state: MonitorState;
  latencyMs: number | null;
}

export interface IncidentCountRow {
  severity: IncidentSeverity;
  status: IncidentStatus;
  count: number;
}

/**
 * The reads behind the gauges of /metrics: aggregates and current verdicts only, never a
 * record's content. Each runs inside a unit of work, so row-level security applies as
 * everywhere else: monitors are read across organisations in platform scope (as the monitor
 * scheduler reads them), incidents one organisation at a time (their table has no platform
 * scope, and /metrics gets none).
 */
@Injectable()
export class StoredMetricsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The active organisations (the organization table is not a tenant table). */
  async organizations(): Promise<OrganizationRow[]> {
    return (await this.uow.manager.query(
      `SELECT "id", "slug" FROM "organization" WHERE "disabled_at" IS NULL ORDER BY "slug"`,
    )) as OrganizationRow[];
  }

  /** Every enabled monitor of an active organisation with its verdict (platform scope). */
  async monitors(): Promise<MonitorRow[]> {
    return (await this.uow.manager.query(
      `SELECT o."slug" AS "organization", m."name", m."kind", m."state",
              m."last_latency_ms" AS "latencyMs"
         FROM "monitor" m JOIN "organization" o ON o."id" = m."organization_id"
        WHERE m."enabled" AND o."disabled_at" IS NULL`,
    )) as MonitorRow[];
  }

  /** The current organisation's incidents, counted by severity and status. */
  async incidentCounts(): Promise<IncidentCountRow[]> {
    return (await this.uow.manager.query(
      `SELECT "severity", "status", count(*)::int AS "count"
         FROM "incident" GROUP BY "severity", "status"`,
    )) as IncidentCountRow[];
  }
}
