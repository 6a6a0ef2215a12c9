import { UnitOfWork } from '@hyperion/api/core';
import type { IncidentStatus } from '@hyperion/contracts';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '@hyperion/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';

import { MetricsSource } from './metrics-source';
import { IncidentCountRow, MonitorRow, StoredMetricsRepository } from './stored-metrics.repository';

/** How long one read of PostgreSQL serves every scrape (a scrape storm reads it once). */
export const STORED_METRICS_TTL_MS = 5000;
/** A scrape waits this long for PostgreSQL at most, then answers without these gauges. */
const READ_TIMEOUT_MS = 2000;
/** Statuses of an incident that is over: not counted by incidents_by_severity. */
const OVER: readonly IncidentStatus[] = ['resolved', 'closed'];

interface StoredSnapshot {
  monitors: MonitorRow[];
  incidents: { organization: string; counts: IncidentCountRow[] }[];
}

/** Whether `work` settles within `ms`; its value, or a rejection when it does not. */
async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Gauges read from PostgreSQL at scrape time: incidents by organisation, severity and status,
 * and each monitor's verdict and latency. One read serves every scrape for STORED_METRICS_TTL_MS
 * (failures too, so an outage is not hammered), and never more than one read is under way.
 * When PostgreSQL does not answer in time these gauges have no series, `stored_metrics_up` is
 * 0, and the rest of /metrics (process, HTTP, counters) is answered as usual.
 *
 * Every instance reports the same stored values: dashboards take `max` over instances.
 */
@Injectable()
export class StoredMetrics implements MetricsSource {
  private readonly logger = new Logger('Metrics');
  private cached?: { at: number; snapshot: StoredSnapshot | null };
  private reading?: Promise<StoredSnapshot>;
  private failing = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: StoredMetricsRepository,
  ) {}

  register(registry: Registry): void {
    const up: Gauge = new Gauge({
      name: 'stored_metrics_up',
      help: '1 when the gauges read from PostgreSQL (incidents_*, monitor_*) are current, else 0',
      registers: [registry],
      collect: async () => up.set((await this.read()) ? 1 : 0),
    });
    const total: Gauge<'organization' | 'severity' | 'status'> = new Gauge({
      name: 'incidents_total',
      help: 'Incidents stored, by organisation, severity and current status',
      labelNames: ['organization', 'severity', 'status'],
      registers: [registry],
      collect: async () => {
        const snapshot = await this.read();
        total.reset();
        for (const { organization, counts } of snapshot?.incidents ?? []) {
          for (const severity of INCIDENT_SEVERITIES) {
            for (const status of INCIDENT_STATUSES) {
              const row = counts.find((c) => c.severity === severity && c.status === status);
              total.set({ organization, severity, status }, row?.count ?? 0);
            }
          }
        }
      },
    });
    const open: Gauge<'organization' | 'severity'> = new Gauge({
      name: 'incidents_by_severity',
      help: 'Incidents not yet resolved, by organisation and severity',
      labelNames: ['organization', 'severity'],
      registers: [registry],
      collect: async () => {
        const snapshot = await this.read();
        open.reset();
        for (const { organization, counts } of snapshot?.incidents ?? []) {
          for (const severity of INCIDENT_SEVERITIES) {
            const count = counts
              .filter((c) => c.severity === severity && !OVER.includes(c.status))
              .reduce((sum, c) => sum + c.count, 0);
            open.set({ organization, severity }, count);
          }
        }
      },
    });
    type MonitorLabel = 'organization' | 'monitor' | 'kind';
    const monitorUp: Gauge<MonitorLabel> = new Gauge({
      name: 'monitor_up',
      help: '1 when the monitor is UP, 0 when DOWN (no series while pending or paused)',
      labelNames: ['organization', 'monitor', 'kind'],
      registers: [registry],
      collect: async () => {
        const snapshot = await this.read();
        monitorUp.reset();
        for (const m of snapshot?.monitors ?? []) {
          if (m.state !== 'up' && m.state !== 'down') continue;
          monitorUp.set(
            { organization: m.organization, monitor: m.name, kind: m.kind },
            m.state === 'up' ? 1 : 0,
          );
        }
      },
    });
    const latency: Gauge<MonitorLabel> = new Gauge({
      name: 'monitor_response_time_seconds',
      help: "Latency of the monitor's last check, in seconds",
      labelNames: ['organization', 'monitor', 'kind'],
      registers: [registry],
      collect: async () => {
        const snapshot = await this.read();
        latency.reset();
        for (const m of snapshot?.monitors ?? []) {
          if (m.latencyMs === null || (m.state !== 'up' && m.state !== 'down')) continue;
          latency.set(
            { organization: m.organization, monitor: m.name, kind: m.kind },
            m.latencyMs / 1000,
          );
        }
      },
    });
  }

  /** The stored values, from the cache while it is fresh; null when PostgreSQL did not answer. */
  read(): Promise<StoredSnapshot | null> {
    if (this.cached && Date.now() - this.cached.at < STORED_METRICS_TTL_MS) {
      return Promise.resolve(this.cached.snapshot);
    }
    return this.settle();
  }

  private async settle(): Promise<StoredSnapshot | null> {
    // Scrapes at once share one read; one that outlived its scrape's time limit is waited for
    // again by the next scrape, never doubled.
    this.reading ??= this.readDatabase().finally(() => (this.reading = undefined));
    let snapshot: StoredSnapshot | null = null;
    try {
      snapshot = await within(this.reading, READ_TIMEOUT_MS);
      if (this.failing) this.logger.log('PostgreSQL answers again: stored metrics are current');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn(`Stored metrics left out of /metrics: ${String(error)}`);
      }
      this.failing = true;
    }
    this.cached = { at: Date.now(), snapshot };
    return snapshot;
  }

  private async readDatabase(): Promise<StoredSnapshot> {
    const platform = { organizationId: null, platform: true, independent: true } as const;
    const monitors = await this.uow.run(() => this.repository.monitors(), platform);
    const organizations = await this.uow.run(() => this.repository.organizations(), platform);
    const incidents: StoredSnapshot['incidents'] = [];
    for (const organization of organizations) {
      const counts = await this.uow.run(() => this.repository.incidentCounts(), {
        organizationId: organization.id,
        independent: true,
      });
      incidents.push({ organization: organization.slug, counts });
    }
    return { monitors, incidents };
  }
}
