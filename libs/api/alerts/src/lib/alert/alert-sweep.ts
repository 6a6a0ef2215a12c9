import { RequestContext, SYSTEM_ACTOR, UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';

import { matcherFields } from '../ingest-model/matchers';
import { AlertConfigCache } from './alert-config-cache';
import { AlertRow } from './alert-fold';
import { AlertNotifier } from './alert-notifier';
import { routeAlert } from './alert-routing';
import { SELECT_ALERT } from './alert-row';
import { AlertStore } from './alert-store';
import { AlertTally } from './alert-tally';
import { AlertService } from './alert.service';

/** Alerts handled per organisation per sweep (the rest wait for the next one). */
const SWEEP_LIMIT = 500;

/**
 * The periodic sweep (a repeatable job, once per deployment): resolves alerts not seen for
 * their service's auto-resolve timeout, wakes snoozed alerts whose time is up (they fire
 * again: grouped and notified), and folds the alert counts' deltas.
 */
@Injectable()
export class AlertSweep {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly alerts: AlertService,
    private readonly configs: AlertConfigCache,
    private readonly notifier: AlertNotifier,
    private readonly store: AlertStore,
    private readonly tally: AlertTally,
  ) {}

  async run(): Promise<{ resolved: number; woken: number; folded: number }> {
    const organizations = (await this.uow.run(
      (tx) => tx.manager.query(`SELECT "id" FROM "organization" WHERE "disabled_at" IS NULL`),
      { organizationId: null, independent: true },
    )) as { id: string }[];
    let resolved = 0;
    let woken = 0;
    let folded = 0;
    for (const { id } of organizations) {
      await RequestContext.run({ actor: { ...SYSTEM_ACTOR, organizationId: id } }, async () => {
        resolved += await this.autoResolve();
        woken += await this.wake();
        folded += await this.uow.run((tx) => this.tally.fold(tx));
      });
    }
    return { resolved, woken, folded };
  }

  private async autoResolve(): Promise<number> {
    const due = (await this.uow.run((tx) =>
      tx.manager.query(
        `SELECT a."id" FROM "alert" a JOIN "service" s ON s."id" = a."service_id"
          WHERE a."state" IN ('triggered', 'acknowledged', 'snoozed')
            AND s."auto_resolve_minutes" IS NOT NULL
            AND a."last_seen_at" < now() - s."auto_resolve_minutes" * interval '1 minute'
          LIMIT ${SWEEP_LIMIT}`,
      ),
    )) as { id: string }[];
    if (due.length === 0) return 0;
    const { changed } = await this.alerts.bulk(
      due.map((d) => d.id),
      { action: 'resolve' },
    );
    return changed.length;
  }

  private wake(): Promise<number> {
    return this.uow.run(async (tx) => {
      const rows = (await tx.manager.query(
        `SELECT ${SELECT_ALERT} FROM "alert" a
          WHERE a."state" = 'snoozed' AND a."snoozed_until" <= now()
          ORDER BY a."snoozed_until" LIMIT ${SWEEP_LIMIT} FOR UPDATE`,
      )) as AlertRow[];
      if (rows.length === 0) return 0;
      const now = new Date();
      await tx.manager.query(
        `UPDATE "alert" SET "state" = 'triggered', "snoozed_until" = NULL, "changed_at" = $2,
                "last_emitted_at" = $2 WHERE "id" = ANY($1)`,
        [rows.map((r) => r.id), now],
      );
      const woken = rows.map((r) => ({
        ...r,
        state: 'triggered' as const,
        snoozedUntil: null,
        changedAt: now,
        lastEmittedAt: now,
      }));
      await tx.manager.query(
        `INSERT INTO "alert_activity" ("organization_id", "alert_id", "at", "action", "actor", "details")
         SELECT $1, id, $3, 'snooze_ended', 'system', '{}' FROM unnest($2::uuid[]) AS id`,
        [tx.organizationId, woken.map((r) => r.id), now],
      );
      const config = await this.configs.get(tx.manager, tx.organizationId as string);
      const paged = woken
        .filter((r) => r.suppressed === null)
        .map((row) => ({
          row,
          route: routeAlert(config, {
            serviceId: row.serviceId,
            severity: row.severity,
            fields: matcherFields({
              labels: row.labels,
              severity: row.severity,
              source: row.source,
              serviceName: row.serviceId
                ? (config.services.get(row.serviceId)?.name ?? null)
                : null,
              eventType: row.eventType,
              summary: row.summary,
            }),
          }),
        }))
        .filter((p) => p.route.page);
      if (paged.length > 0) await this.notifier.addToGroups(tx, paged);
      await this.store.publish(tx, config, woken);
      return woken.length;
    });
  }
}
