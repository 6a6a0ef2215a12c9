import { UnitOfWork } from '@hyperion/api/core';
import type {
  MonitorState,
  StatusPageComponentRef,
  StatusPageIncidentStatus,
} from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

/** A component as the public page needs it: what it shows and that thing's standing. */
export interface PublicComponentRow {
  groupName: string;
  monitorId: string | null;
  serviceId: string | null;
  displayName: string | null;
  targetName: string;
  monitorState: MonitorState | null;
}

export interface DayRow {
  monitorId: string;
  day: string;
  up: number;
  total: number;
}

export interface LatencyRow {
  monitorId: string;
  slot: number;
  ms: number;
}

export interface PublicIncidentRow {
  id: string;
  title: string;
  status: StatusPageIncidentStatus;
  createdAt: Date;
  resolvedAt: Date | null;
}

export interface PublicUpdateRow {
  id: string;
  pageIncidentId: string;
  status: StatusPageIncidentStatus;
  message: string;
  createdAt: Date;
}

export interface PublicMaintenanceRow {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  durationMinutes: number;
  rrule: string | null;
  affects: StatusPageComponentRef[];
  createdAt: Date;
  updatedAt: Date;
}

export interface PostmortemRow {
  incidentTitle: string;
  summary: string;
  impact: string;
  rootCause: string;
  publishedAt: Date;
}

/** Incidents of a page stay in its model (page and feed) this long after they are resolved. */
const INCIDENTS_KEPT_DAYS = 90;
const INCIDENTS_MAX = 50;
/** One-off maintenance stays in the model (feed and calendar) this long after it ended. */
const MAINTENANCE_KEPT_DAYS = 30;
const MAINTENANCE_MAX = 100;
const POSTMORTEMS_MAX = 10;

/**
 * The reads of a public page, in the page's organisation (row-level security applies): its
 * components and the standing of what they show, monitor results by day and by half hour,
 * public incidents, maintenance, and the published post-mortems (read, never written, from the
 * incidents lib's `incident_postmortem`). Every query is bounded.
 */
@Injectable()
export class PublicStatusRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Whether the organisation is active (a disabled one's pages are not shown). */
  async organizationActive(): Promise<boolean> {
    const rows = (await this.uow.manager.query(
      `SELECT 1 FROM "organization" WHERE "id" = $1 AND "disabled_at" IS NULL`,
      [this.uow.organizationId],
    )) as unknown[];
    return rows.length > 0;
  }

  components(pageId: string): Promise<PublicComponentRow[]> {
    return this.uow.manager.query(
      `SELECT c."group_name" AS "groupName", c."monitor_id" AS "monitorId",
              c."service_id" AS "serviceId", c."display_name" AS "displayName",
              COALESCE(m."name", s."name") AS "targetName",
              CASE WHEN m."id" IS NULL THEN NULL
                   WHEN NOT m."enabled" THEN 'paused' ELSE m."state" END AS "monitorState"
         FROM "status_page_component" c
         LEFT JOIN "monitor" m ON m."id" = c."monitor_id"
         LEFT JOIN "service" s ON s."id" = c."service_id"
        WHERE c."page_id" = $1
        ORDER BY c."group_position", c."position"`,
      [pageId],
    ) as Promise<PublicComponentRow[]>;
  }

  /** Services with open alerts, and whether one of them is critical. */
  async openAlerts(serviceIds: readonly string[]): Promise<Map<string, { critical: boolean }>> {
    if (serviceIds.length === 0) return new Map();
    const rows = (await this.uow.manager.query(
      `SELECT "service_id" AS "serviceId", bool_or("severity" = 'critical') AS "critical"
         FROM "alert"
        WHERE "organization_id" = $1 AND "service_id" = ANY($2::uuid[])
          AND "state" IN ('triggered', 'acknowledged', 'snoozed')
        GROUP BY 1`,
      [this.uow.organizationId, serviceIds],
    )) as { serviceId: string; critical: boolean }[];
    return new Map(rows.map((r) => [r.serviceId, { critical: r.critical }]));
  }

  /** Checks per monitor and UTC day in [from, to). */
  days(monitorIds: readonly string[], from: Date, to: Date): Promise<DayRow[]> {
    if (monitorIds.length === 0) return Promise.resolve([]);
    return this.uow.manager.query(
      `SELECT "monitor_id" AS "monitorId",
              to_char(("checked_at" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS "day",
              count(*) FILTER (WHERE "up")::int AS "up", count(*)::int AS "total"
         FROM "monitor_result"
        WHERE "organization_id" = $1 AND "monitor_id" = ANY($2::uuid[])
          AND "checked_at" >= $3 AND "checked_at" < $4
        GROUP BY 1, 2`,
      [this.uow.organizationId, monitorIds, from, to],
    ) as Promise<DayRow[]>;
  }

  /** Average response time per monitor and half hour (slot = epoch seconds / 1800) since `from`. */
  latency(monitorIds: readonly string[], from: Date): Promise<LatencyRow[]> {
    if (monitorIds.length === 0) return Promise.resolve([]);
    return this.uow.manager.query(
      `SELECT "monitor_id" AS "monitorId",
              floor(extract(epoch FROM "checked_at") / 1800)::int AS "slot",
              round(avg("latency_ms"))::int AS "ms"
         FROM "monitor_result"
        WHERE "organization_id" = $1 AND "monitor_id" = ANY($2::uuid[])
          AND "checked_at" >= $3 AND "latency_ms" IS NOT NULL
        GROUP BY 1, 2`,
      [this.uow.organizationId, monitorIds, from],
    ) as Promise<LatencyRow[]>;
  }

  /** Unresolved incidents and those resolved lately, newest first, with their updates. */
  async incidents(
    pageId: string,
  ): Promise<{ incidents: PublicIncidentRow[]; updates: PublicUpdateRow[] }> {
    const incidents = (await this.uow.manager.query(
      `SELECT "id", "title", "status", "created_at" AS "createdAt", "resolved_at" AS "resolvedAt"
         FROM "status_page_incident"
        WHERE "page_id" = $1
          AND ("resolved_at" IS NULL OR "resolved_at" > now() - $2 * interval '1 day')
        ORDER BY "created_at" DESC, "id"
        LIMIT ${INCIDENTS_MAX}`,
      [pageId, INCIDENTS_KEPT_DAYS],
    )) as PublicIncidentRow[];
    if (incidents.length === 0) return { incidents, updates: [] };
    const updates = (await this.uow.manager.query(
      `SELECT "id", "page_incident_id" AS "pageIncidentId", "status", "message",
              "created_at" AS "createdAt"
         FROM "status_page_incident_update"
        WHERE "organization_id" = $1 AND "page_incident_id" = ANY($2::uuid[])
        ORDER BY "created_at" DESC, "id"`,
      [this.uow.organizationId, incidents.map((i) => i.id)],
    )) as PublicUpdateRow[];
    return { incidents, updates };
  }

  /** Repeating windows, and one-off ones that have not long ended, by start. */
  maintenance(pageId: string): Promise<PublicMaintenanceRow[]> {
    return this.uow.manager.query(
      `SELECT "id", "title", "description", "starts_at" AS "startsAt",
              "duration_minutes" AS "durationMinutes", "rrule", "affects",
              "created_at" AS "createdAt", "updated_at" AS "updatedAt"
         FROM "status_page_maintenance"
        WHERE "page_id" = $1
          AND ("rrule" IS NOT NULL
               OR "starts_at" + "duration_minutes" * interval '1 minute'
                  > now() - $2 * interval '1 day')
        ORDER BY "starts_at", "id"
        LIMIT ${MAINTENANCE_MAX}`,
      [pageId, MAINTENANCE_KEPT_DAYS],
    ) as Promise<PublicMaintenanceRow[]>;
  }

  /** The published post-mortems of the incidents this page publishes, newest first. */
  postmortems(pageId: string): Promise<PostmortemRow[]> {
    return this.uow.manager.query(
      `SELECT spi."title" AS "incidentTitle", p."summary", p."impact",
              p."root_cause" AS "rootCause", p."updated_at" AS "publishedAt"
         FROM "status_page_incident" spi
         JOIN "incident_postmortem" p
           ON p."organization_id" = spi."organization_id" AND p."incident_id" = spi."incident_id"
        WHERE spi."page_id" = $1 AND p."status" = 'published'
        ORDER BY p."updated_at" DESC
        LIMIT ${POSTMORTEMS_MAX}`,
      [pageId],
    ) as Promise<PostmortemRow[]>;
  }
}
