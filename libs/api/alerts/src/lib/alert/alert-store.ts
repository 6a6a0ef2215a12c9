import { AppConfig, Tx, UnitOfWork } from '@hyperion/api/core';
import type { AlertSummary, IngestOutcome } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

import { matcherFields } from '../ingest-model/matchers';
import type { NormalizedEvent } from '../ingest-model/normalized-event';
import { activeSilence, AlertConfigCache, OrgAlertConfig } from './alert-config-cache';
import { AlertCounters } from './alert-counters';
import { AlertRow, foldAction, FoldResult, foldTrigger, newRow, Suppression } from './alert-fold';
import { AlertNotifier, PagedAlert } from './alert-notifier';
import { Route, routeAlert } from './alert-routing';
import { SELECT_ALERT, toAlertSummary, UPSERT_ALERTS } from './alert-row';

/** One event to apply, with where it came from. */
export interface IngestItem {
  event: NormalizedEvent;
  /** The integration's service (a routing key), or null (an API key: by name or by routing). */
  serviceId: string | null;
  integrationId: string | null;
  /** Who sent it, for the alert's activity (the integration's or the API key's name). */
  by: string;
}

export interface IngestResult {
  dedupKey: string;
  outcome: IngestOutcome;
}

/** Live events carry at most this many alerts each. */
const LIVE_CHUNK = 100;

interface ActivityRow {
  alertId: string;
  at: Date;
  action: string;
  actor: string;
  details: Record<string, string | number | boolean>;
}

/**
 * Applies a batch of events of one organisation in ONE transaction: the keys are locked
 * (advisory locks, in a fixed order), the alerts read, every event folded in order, and the
 * alerts, their activity, their groups' pending notifications (outbox jobs) and the live event
 * written before the commit. Exactly-once emission rests on PostgreSQL alone: two instances, or
 * 100 parallel requests, folding the same key wait for each other's lock and see each other's
 * `last_emitted_at`, whether Redis answers or not.
 */
@Injectable()
export class AlertStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
    private readonly configs: AlertConfigCache,
    private readonly notifier: AlertNotifier,
    private readonly counters: AlertCounters,
  ) {}

  apply(organizationId: string, items: readonly IngestItem[]): Promise<IngestResult[]> {
    return this.uow.run(
      async (tx) => {
        const manager = tx.manager;
        const now = new Date();
        const config = await this.configs.get(manager, organizationId);
        const keys = items.map(
          (item) => item.event.dedupKey ?? (item.event.action === 'trigger' ? randomUUID() : null),
        );
        const distinct = [...new Set(keys.filter((k): k is string => k !== null))];
        await manager.query(
          `SELECT pg_advisory_xact_lock(h) FROM (
             SELECT DISTINCT hashtextextended($1 || ':' || k, 0) AS h FROM unnest($2::text[]) AS k
              ORDER BY 1) AS locks`,
          [organizationId, distinct],
        );
        const rows = new Map<string, AlertRow>(
          (
            (await manager.query(
              `SELECT ${SELECT_ALERT} FROM "alert" a WHERE a."dedup_key" = ANY($1)`,
              [distinct],
            )) as AlertRow[]
          ).map((r) => [r.dedupKey, r]),
        );

        const routes = items.map((item) =>
          item.event.action === 'trigger' ? this.route(config, item) : null,
        );
        const firing = await this.firingCritical(tx, config, routes);

        const results: IngestResult[] = [];
        const touched = new Map<string, AlertRow>();
        const changed = new Map<string, AlertRow>();
        const activity: ActivityRow[] = [];
        const paged: PagedAlert[] = [];
        const closed: string[] = [];
        items.forEach((item, i) => {
          const key = keys[i];
          const route = routes[i];
          if (key === null) {
            results.push({ dedupKey: '', outcome: 'ignored' });
            return;
          }
          const current = rows.get(key);
          let folded: FoldResult;
          if (route) {
            const base =
              current ?? newRow(randomUUID(), key, item.event, route, item.integrationId, now);
            folded = foldTrigger(base, item.event, route, {
              now,
              windowMs: this.config.alertDedupWindowMs,
              suppression: (row) => this.suppression(config, firing, row, now),
            });
            if (folded.page) paged.push({ row: folded.row, route });
          } else if (current) {
            folded = foldAction(current, item.event.action as 'acknowledge' | 'resolve', now);
            if (folded.changed) closed.push(current.id);
          } else {
            results.push({ dedupKey: key, outcome: 'ignored' });
            return;
          }
          const row = folded.row;
          rows.set(key, row);
          touched.set(key, row);
          this.trackFiring(firing, row);
          if (folded.changed) {
            changed.set(key, row);
            activity.push({
              alertId: row.id,
              at: now,
              action: folded.outcome === 'deduplicated' ? 'reopened' : folded.outcome,
              actor: item.by,
              details: activityDetails(row, folded.outcome),
            });
          }
          results.push({ dedupKey: key, outcome: folded.outcome });
        });

        if (touched.size > 0) {
          await manager.query(UPSERT_ALERTS, [
            organizationId,
            JSON.stringify([...touched.values()]),
          ]);
        }
        if (activity.length > 0) {
          await manager.query(
            `INSERT INTO "alert_activity" ("organization_id", "alert_id", "at", "action", "actor", "details")
             SELECT $1, r."alertId", r."at", r."action", r."actor", r."details"
               FROM jsonb_to_recordset($2::jsonb)
                 AS r("alertId" uuid, "at" timestamptz, "action" varchar, "actor" varchar, "details" jsonb)`,
            [organizationId, JSON.stringify(activity)],
          );
        }
        if (paged.length > 0) await this.notifier.addToGroups(tx, config, paged, now);
        if (closed.length > 0) await this.notifier.alertsClosed(tx, closed);
        await this.publish(tx, config, [...changed.values()]);
        this.counters.count(results.map((r) => r.outcome));
        return results;
      },
      { organizationId },
    );
  }

  /** Sends the changed alerts as live events (in chunks). */
  async publish(tx: Tx, config: OrgAlertConfig, rows: readonly AlertRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += LIVE_CHUNK) {
      const alerts: AlertSummary[] = rows
        .slice(i, i + LIVE_CHUNK)
        .map((row) =>
          toAlertSummary(
            row,
            row.serviceId ? (config.services.get(row.serviceId)?.name ?? null) : null,
          ),
        );
      await tx.emit('alerts:changed', { alerts });
    }
  }

  private route(config: OrgAlertConfig, item: IngestItem): Route {
    const { event } = item;
    const serviceId =
      item.serviceId ??
      (event.serviceName ? (config.serviceByName.get(event.serviceName) ?? null) : null);
    const serviceName = serviceId
      ? (config.services.get(serviceId)?.name ?? null)
      : event.serviceName;
    return routeAlert(config, {
      serviceId,
      severity: event.severity,
      fields: matcherFields({
        labels: event.labels,
        severity: event.severity,
        source: event.source,
        serviceName,
        eventType: event.eventType,
        summary: event.summary,
      }),
    });
  }

  private suppression(
    config: OrgAlertConfig,
    firing: Map<string, string>,
    row: AlertRow,
    now: Date,
  ): Suppression {
    const serviceName = row.serviceId ? (config.services.get(row.serviceId)?.name ?? null) : null;
    const silence = activeSilence(
      config,
      matcherFields({
        labels: row.labels,
        severity: row.severity,
        source: row.source,
        serviceName,
        eventType: row.eventType,
        summary: row.summary,
      }),
      now,
    );
    if (silence) return { kind: 'silenced', silenceId: silence.id };
    const service = row.serviceId ? config.services.get(row.serviceId) : undefined;
    for (const dependency of service?.dependsOn ?? []) {
      const cause = firing.get(dependency);
      if (cause && cause !== row.id) return { kind: 'inhibited', causeAlertId: cause };
    }
    return null;
  }

  /**
   * The firing critical alert (triggered, acknowledged or snoozed, not itself suppressed) of each
   * service the batch's services depend on.
   */
  private async firingCritical(
    tx: Tx,
    config: OrgAlertConfig,
    routes: readonly (Route | null)[],
  ): Promise<Map<string, string>> {
    const dependencies = new Set<string>();
    for (const route of routes)
      for (const d of route?.service?.dependsOn ?? []) dependencies.add(d);
    if (dependencies.size === 0) return new Map();
    const rows = (await tx.manager.query(
      `SELECT DISTINCT ON ("service_id") "service_id", "id" FROM "alert"
        WHERE "service_id" = ANY($1) AND "severity" = 'critical' AND "state" <> 'resolved'
          AND "suppressed" IS NULL
        ORDER BY "service_id", "first_seen_at"`,
      [[...dependencies]],
    )) as { service_id: string; id: string }[];
    void config;
    return new Map(rows.map((r) => [r.service_id, r.id]));
  }

  /** Keeps the firing map right as the batch goes (a dependency's alert fired or resolved in it). */
  private trackFiring(firing: Map<string, string>, row: AlertRow): void {
    if (!row.serviceId || row.severity !== 'critical') return;
    const live = row.state !== 'resolved' && row.suppressed === null;
    if (live && !firing.has(row.serviceId)) firing.set(row.serviceId, row.id);
    if (!live && firing.get(row.serviceId) === row.id) firing.delete(row.serviceId);
  }
}

function activityDetails(
  row: AlertRow,
  outcome: IngestOutcome,
): Record<string, string | number | boolean> {
  const details: Record<string, string | number | boolean> = {
    severity: row.severity,
    occurrences: row.occurrences,
  };
  if (outcome === 'silenced' && row.silenceId) details['silenceId'] = row.silenceId;
  if (outcome === 'inhibited' && row.inhibitedBy) details['inhibitedBy'] = row.inhibitedBy;
  return details;
}
