import { UnitOfWork } from '@hyperion/api/core';
import type { StatusComponentState } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { StatusPageEntity } from '../entities/status-page.entity';
import { StatusPageRepository } from '../status-page.repository';
import { recurrenceText, windowsBetween } from './maintenance-windows';
import {
  PublicComponent,
  PublicDay,
  PublicGroup,
  PublicIncident,
  PublicStatusModel,
  WINDOW_HORIZON_DAYS,
  WINDOWS_KEPT,
} from './public-status-model';
import { PublicComponentRow, PublicStatusRepository } from './public-status.repository';

/** Days of uptime bars (today included). */
export const UPTIME_DAYS = 90;
const DAY_MS = 86_400_000;
const SLOT_MS = 1_800_000;
/** Monitors whose past days are remembered (the oldest are forgotten beyond it). */
const HISTORY_MAX = 5000;

const utcDate = (d: Date) => d.toISOString().slice(0, 10);
const startOfUtcDay = (d: Date) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

function monitorState(row: PublicComponentRow): StatusComponentState {
  switch (row.monitorState) {
    case 'up':
      return 'operational';
    case 'down':
      return 'outage';
    default:
      return 'unknown';
  }
}

/**
 * Reads one published page into its public model: the page by its slug (outside any
 * organisation: the `status_page_slug` lookup), then everything else in the page's
 * organisation. Past days of uptime do not change, so each monitor's 89 past days are read once
 * a day and remembered; only today's checks are counted again at every build.
 */
@Injectable()
export class PublicStatusBuilder {
  /** monitor id → its past days (oldest first), as read on `today`. */
  private readonly history = new Map<string, { today: string; days: PublicDay[] }>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly pages: StatusPageRepository,
    private readonly reads: PublicStatusRepository,
  ) {}

  /** The page's model, or null when no published page has this slug. */
  async build(slug: string): Promise<PublicStatusModel | null> {
    const page = await this.uow.run(() => this.pages.findBySlug(slug), {
      organizationId: null,
      lookups: { status_page_slug: slug },
      independent: true,
    });
    if (!page?.published) return null;
    return this.uow.run(() => this.assemble(page, new Date()), {
      organizationId: page.organizationId,
      independent: true,
    });
  }

  private async assemble(page: StatusPageEntity, now: Date): Promise<PublicStatusModel | null> {
    if (!(await this.reads.organizationActive())) return null;
    const rows = await this.reads.components(page.id);
    const monitorIds = [...new Set(rows.flatMap((r) => (r.monitorId ? [r.monitorId] : [])))];
    const serviceIds = [...new Set(rows.flatMap((r) => (r.serviceId ? [r.serviceId] : [])))];
    // One after the other: the queries share the transaction's connection.
    const alerts = await this.reads.openAlerts(serviceIds);
    const days = await this.uptimeDays(monitorIds, now);
    const latency = await this.latency(monitorIds, now);
    const { incidents, updates } = await this.reads.incidents(page.id);
    const maintenance = await this.reads.maintenance(page.id);
    const postmortems = page.showPostmortems ? await this.reads.postmortems(page.id) : [];

    const groups: PublicGroup[] = [];
    for (const row of rows) {
      let group = groups[groups.length - 1];
      if (!group || group.name !== row.groupName) {
        group = { name: row.groupName, components: [] };
        groups.push(group);
      }
      const targetId = (row.monitorId ?? row.serviceId) as string;
      const alert = row.serviceId ? alerts.get(row.serviceId) : undefined;
      const component: PublicComponent = {
        name: row.displayName ?? row.targetName,
        kind: row.monitorId ? 'monitor' : 'service',
        targetId,
        state: row.monitorId
          ? monitorState(row)
          : !alert
            ? 'operational'
            : alert.critical
              ? 'outage'
              : 'degraded',
        days: row.monitorId ? (days.get(row.monitorId) ?? null) : null,
        latency: row.monitorId ? (latency.get(row.monitorId) ?? []) : null,
      };
      group.components.push(component);
    }

    const horizon = new Date(now.getTime() + WINDOW_HORIZON_DAYS * DAY_MS);
    return {
      pageId: page.id,
      slug: page.slug,
      name: page.name,
      description: page.description,
      publicUrl: page.publicUrl,
      subscriptions: !!(page.publicUrl && page.emailChannelId),
      builtAt: now.toISOString(),
      groups,
      incidents: incidents.map(
        (i): PublicIncident => ({
          id: i.id,
          title: i.title,
          status: i.status,
          createdAt: i.createdAt.toISOString(),
          resolvedAt: i.resolvedAt?.toISOString() ?? null,
          updates: updates
            .filter((u) => u.pageIncidentId === i.id)
            .map((u) => ({
              id: u.id,
              status: u.status,
              message: u.message,
              createdAt: u.createdAt.toISOString(),
            })),
        }),
      ),
      maintenance: maintenance.map((m) => ({
        id: m.id,
        title: m.title,
        description: m.description,
        startsAt: m.startsAt.toISOString(),
        durationMinutes: m.durationMinutes,
        rrule: m.rrule,
        recurrence: recurrenceText(m),
        affects: m.affects.map((a) => a.id),
        windows: windowsBetween(m, now, horizon, WINDOWS_KEPT).map((w) => ({
          start: w.start.toISOString(),
          end: w.end.toISOString(),
        })),
        createdAt: m.createdAt.toISOString(),
        updatedAt: m.updatedAt.toISOString(),
      })),
      postmortems: postmortems.map((p) => ({
        incidentTitle: p.incidentTitle,
        summary: p.summary,
        impact: p.impact,
        rootCause: p.rootCause,
        publishedAt: p.publishedAt.toISOString(),
      })),
    };
  }

  /** Each monitor's last UPTIME_DAYS UTC days, oldest first, days without checks at 0 of 0. */
  private async uptimeDays(monitorIds: string[], now: Date): Promise<Map<string, PublicDay[]>> {
    const today = startOfUtcDay(now);
    const todayText = utcDate(today);
    const first = new Date(today.getTime() - (UPTIME_DAYS - 1) * DAY_MS);
    const missing = monitorIds.filter((id) => this.history.get(id)?.today !== todayText);
    if (missing.length > 0) {
      const counted = new Map<string, Map<string, { up: number; total: number }>>();
      for (const row of await this.reads.days(missing, first, today)) {
        const byDay = counted.get(row.monitorId) ?? new Map();
        byDay.set(row.day, { up: row.up, total: row.total });
        counted.set(row.monitorId, byDay);
      }
      for (const id of missing) {
        const days: PublicDay[] = [];
        for (let i = 0; i < UPTIME_DAYS - 1; i++) {
          const date = utcDate(new Date(first.getTime() + i * DAY_MS));
          days.push({ date, ...(counted.get(id)?.get(date) ?? { up: 0, total: 0 }) });
        }
        this.history.delete(id);
        this.history.set(id, { today: todayText, days });
      }
      while (this.history.size > HISTORY_MAX) {
        this.history.delete(this.history.keys().next().value as string);
      }
    }
    const todays = new Map(
      (await this.reads.days(monitorIds, today, new Date(today.getTime() + DAY_MS))).map((r) => [
        r.monitorId,
        r,
      ]),
    );
    return new Map(
      monitorIds.map((id) => [
        id,
        [
          ...(this.history.get(id)?.days ?? []),
          { date: todayText, up: todays.get(id)?.up ?? 0, total: todays.get(id)?.total ?? 0 },
        ],
      ]),
    );
  }

  /** Each monitor's half-hourly average response times of the last 24 hours, oldest first. */
  private async latency(monitorIds: string[], now: Date) {
    const rows = await this.reads.latency(monitorIds, new Date(now.getTime() - DAY_MS));
    const byMonitor = new Map<string, { at: string; ms: number }[]>();
    for (const row of rows.sort((a, b) => a.slot - b.slot)) {
      const points = byMonitor.get(row.monitorId) ?? [];
      points.push({ at: new Date(row.slot * SLOT_MS + SLOT_MS / 2).toISOString(), ms: row.ms });
      byMonitor.set(row.monitorId, points);
    }
    return byMonitor;
  }
}
