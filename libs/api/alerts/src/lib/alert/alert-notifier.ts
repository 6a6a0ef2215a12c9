import { AppConfig, OutboxRelay, RequestContext, Tx, UnitOfWork } from '@hyperion/api/core';
import { PageService, TargetNotifier } from '@hyperion/api/notifications';
import type {
  AlertSeverity,
  CriticalAlertChannel,
  EscalationLevel,
  NotificationChannelKind,
  NotificationMessage,
  NotificationSeverity,
} from '@hyperion/contracts';
import { JOBS, QUEUES, SERVICE_RULES } from '@hyperion/contracts';
import { Injectable, Logger } from '@nestjs/common';

import { EscalationPolicyService } from '../config/escalation-policy.service';
import { matcherFields } from '../ingest-model/matchers';
import { AlertConfigCache, OrgAlertConfig } from './alert-config-cache';
import type { AlertRow } from './alert-fold';
import { groupOf, Route, routeAlert } from './alert-routing';
import { groupLockKey, SELECT_ALERT, WRITE_ALERTS } from './alert-row';

/** The groups of emitted alerts, each once, as WRITE_ALERTS takes them. */
export function groupEntries(paged: readonly PagedAlert[]): {
  groupKey: string;
  serviceId: string | null;
  labels: Record<string, string>;
  waitSeconds: number;
  intervalSeconds: number;
}[] {
  const groups = new Map<string, ReturnType<typeof groupEntries>[number]>();
  for (const { row, route } of paged) {
    const group = groupOf(route.service, row.labels);
    if (groups.has(group.key)) continue;
    groups.set(group.key, {
      groupKey: group.key,
      serviceId: route.serviceId,
      labels: group.labels,
      waitSeconds: route.service?.groupWaitSeconds ?? SERVICE_RULES.defaultGroupWaitSeconds,
      intervalSeconds:
        route.service?.groupIntervalSeconds ?? SERVICE_RULES.defaultGroupIntervalSeconds,
    });
  }
  return [...groups.values()];
}

/** An alert emitted to someone, and where routing sent it. */
export interface PagedAlert {
  row: AlertRow;
  route: Route;
}

export interface GroupFlushJob {
  groupKey: string;
}

export interface EscalationStepJob {
  notificationId: string;
  round: number;
  level: number;
}

interface NotificationRow {
  id: string;
  service_id: string | null;
  alert_ids: string[];
  title: string;
  urgency: 'high' | 'low';
  channels: NotificationChannelKind[];
  state: 'escalating' | 'stopped' | 'done';
  levels: EscalationLevel[];
  recorded_at: Date | null;
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The notification severity of an alert severity (channels render these). */
const NOTIFICATION_SEVERITY: Record<AlertSeverity, NotificationSeverity> = {
  critical: 'critical',
  high: 'high',
  medium: 'warning',
  low: 'info',
};

/**
 * The CriticalAlertEvent channel of the kinds a notification reached: the document's `email`,
 * `webhook` and `both`, one kind alone by its name, `multiple` otherwise.
 */
export function eventChannel(kinds: ReadonlySet<NotificationChannelKind>): CriticalAlertChannel {
  if (kinds.size === 1) return [...kinds][0];
  if (kinds.size === 2 && kinds.has('email') && kinds.has('webhook')) return 'both';
  return 'multiple';
}

/**
 * From emitted alerts to people: Alertmanager-like groups (one flush job per group, after
 * `group_wait`, then at most every `group_interval`), one notification per flush with its
 * escalation (every level of every round a row and a delayed job, each run once under the
 * notification's row lock), and stopping it when its alerts are acknowledged or resolved.
 */
@Injectable()
export class AlertNotifier {
  private readonly logger = new Logger('AlertNotifier');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
    private readonly configs: AlertConfigCache,
    private readonly policies: EscalationPolicyService,
    private readonly pages: PageService,
    private readonly targets: TargetNotifier,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Writes emitted alerts (the sweep's woken ones) with their groups in `tx`, as ingest does in
   * its own transaction: a group without a pending flush gets one.
   */
  async addToGroups(tx: Tx, paged: readonly PagedAlert[]): Promise<void> {
    const organizationId = tx.organizationId as string;
    const rows = paged.map(({ row, route }) => ({
      ...row,
      notifyGroup: groupOf(route.service, row.labels).key,
    }));
    const locks = [...new Set(rows.map((r) => groupLockKey(organizationId, r.notifyGroup)))].sort();
    await tx.manager.query(
      `SELECT pg_advisory_xact_lock_shared(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k`,
      [locks],
    );
    const [written] = (await tx.manager.query(WRITE_ALERTS, [
      organizationId,
      JSON.stringify(groupEntries(paged)),
      RequestContext.meta().correlationId,
      JSON.stringify(rows),
      '[]',
      '[]',
      QUEUES.alertNotifications,
      JOBS.alertGroupFlush,
      '[]',
      '[]',
      '{}',
    ])) as { outbox: number }[];
    if (written.outbox > 0) tx.afterCommit(() => this.relay.kick());
  }

  /**
   * The group's flush: the alerts waiting in it that still fire (triggered, not suppressed) go
   * out as one notification, whose escalation is planned in full now. It holds the group's lock
   * exclusively, so every write that put an alert in the group has committed.
   */
  flushGroup(groupKey: string): Promise<void> {
    return this.uow.run(async (tx) => {
      await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        groupLockKey(tx.organizationId as string, groupKey),
      ]);
      await tx.manager.query(`DELETE FROM "alert_group_flush" WHERE "group_key" = $1`, [groupKey]);
      await tx.manager.query(
        `UPDATE "alert_group" SET "last_flushed_at" = now() WHERE "group_key" = $1`,
        [groupKey],
      );
      const alerts = (
        (await tx.manager.query(
          `WITH taken AS (
             UPDATE "alert" SET "notify_group" = NULL WHERE "notify_group" = $1 RETURNING "id"
           )
           SELECT ${SELECT_ALERT} FROM "alert" a JOIN taken t ON t."id" = a."id"
            WHERE a."state" = 'triggered' AND a."suppressed" IS NULL`,
          [groupKey],
        )) as AlertRow[]
      ).sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          a.firstSeenAt.getTime() - b.firstSeenAt.getTime(),
      );
      if (alerts.length === 0) return;
      const config = await this.configs.get(tx.manager, tx.organizationId as string);
      const lead = alerts[0];
      const route = this.routeOf(config, lead);
      const policy = route.escalationPolicyId
        ? ((await this.policies.findSummary(route.escalationPolicyId).catch(() => null)) ??
          (await this.policies.defaultPolicy()))
        : await this.policies.defaultPolicy();
      const now = new Date();
      const levels = policy.levels.map((level, i) =>
        i === 0 ? { ...level, channelKinds: route.channelKinds } : level,
      );
      const title =
        alerts.length === 1
          ? `[${lead.severity.toUpperCase()}] ${lead.summary}`
          : `[${lead.severity.toUpperCase()}] ${alerts.length} alerts firing${
              route.service ? ` on ${route.service.name}` : ''
            }: ${lead.summary}`;
      const [notification] = (await tx.manager.query(
        `INSERT INTO "alert_notification" ("organization_id", "service_id", "group_key", "alert_ids",
           "title", "urgency", "channels", "state", "escalation_policy_id", "levels", "repeat")
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'escalating', $8, $9, $10) RETURNING "id"`,
        [
          tx.organizationId,
          route.serviceId,
          groupKey,
          alerts.map((a) => a.id),
          title.slice(0, 512),
          route.urgency,
          JSON.stringify(route.channelKinds),
          policy.id,
          JSON.stringify(levels),
          policy.repeat,
        ],
      )) as { id: string }[];
      const steps = planEscalation(levels, policy.repeat, now, this.config.pagingMinuteMs);
      await tx.manager.query(
        `INSERT INTO "alert_escalation_step" ("organization_id", "notification_id", "round", "level",
           "name", "due_at", "state", "delivery_ids", "page_ids")
         SELECT $1, $2, r."round", r."level", r."name", r."dueAt", 'scheduled', '[]', '[]'
           FROM jsonb_to_recordset($3::jsonb)
             AS r("round" integer, "level" integer, "name" varchar, "dueAt" timestamptz)`,
        [tx.organizationId, notification.id, JSON.stringify(steps)],
      );
      for (const step of steps) {
        const job: EscalationStepJob = {
          notificationId: notification.id,
          round: step.round,
          level: step.level,
        };
        await tx.enqueue(
          QUEUES.alertNotifications,
          JOBS.alertEscalationLevel,
          { ...job },
          {
            runAt: step.dueAt,
          },
        );
      }
      await tx.manager.query(
        `INSERT INTO "alert_activity" ("organization_id", "alert_id", "at", "action", "actor", "details")
         SELECT $1, id, now(), 'notified', 'system', $3 FROM unnest($2::uuid[]) AS id`,
        [
          tx.organizationId,
          alerts.map((a) => a.id),
          JSON.stringify({
            notificationId: notification.id,
            policy: policy.name,
            alerts: alerts.length,
          }),
        ],
      );
    });
  }

  /**
   * Runs one level of one round, once: what it reaches (the organisation's channels of its
   * kinds, its channels, its people through their personal rules, the on-call person of its
   * schedules), unless every alert of the notification was acknowledged or resolved since.
   */
  runStep(job: EscalationStepJob): Promise<void> {
    return this.uow.run(async (tx) => {
      const [notification] = (await tx.manager.query(
        `SELECT "id", "service_id", "alert_ids", "title", "urgency", "channels", "state", "levels", "recorded_at"
           FROM "alert_notification" WHERE "id" = $1 FOR UPDATE`,
        [job.notificationId],
      )) as NotificationRow[];
      if (!notification) return;
      // This level, and any earlier one still waiting (after a restart, overdue levels run in
      // their order, whichever job comes first).
      const due = (await tx.manager.query(
        `SELECT "round", "level" FROM "alert_escalation_step"
          WHERE "notification_id" = $1 AND "state" = 'scheduled' AND ("round", "level") <= ($2, $3)
          ORDER BY "round", "level"`,
        [job.notificationId, job.round, job.level],
      )) as { round: number; level: number }[];
      if (!due.some((d) => d.round === job.round && d.level === job.level)) return;
      const alerts = (await tx.manager.query(
        `SELECT ${SELECT_ALERT} FROM "alert" a WHERE a."id" = ANY($1)`,
        [notification.alert_ids],
      )) as AlertRow[];
      const open = alerts.filter((a) => a.state === 'triggered');
      for (const step of due) {
        const stepJob = {
          notificationId: job.notificationId,
          round: step.round,
          level: step.level,
        };
        if (notification.state !== 'escalating' || open.length === 0) {
          await this.finishStep(tx, stepJob, 'cancelled', 'acknowledged or resolved', [], []);
        } else {
          await this.sendStep(tx, notification, stepJob, open);
        }
      }
    });
  }

  /** Sends one level of a notification to whom and where it says. */
  private async sendStep(
    tx: Tx,
    notification: NotificationRow,
    job: EscalationStepJob,
    open: readonly AlertRow[],
  ): Promise<void> {
    {
      const level = notification.levels[job.level - 1];
      const lead = [...open].sort(
        (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
      )[0];
      const config = await this.configs.get(tx.manager, tx.organizationId as string);
      const serviceName = notification.service_id
        ? (config.services.get(notification.service_id)?.name ?? 'Hyperion')
        : 'Hyperion';
      const message: NotificationMessage = {
        title: notification.title,
        summary:
          open.length === 1
            ? lead.source
              ? `${lead.summary} (source: ${lead.source})`
              : lead.summary
            : open
                .map((a) => `• [${a.severity}] ${a.summary}`)
                .join('\n')
                .slice(0, 4000),
        severity: NOTIFICATION_SEVERITY[lead.severity],
        service: serviceName,
        status: 'triggered',
        timestamp: new Date().toISOString(),
        details: {
          alerts: open.length,
          escalationLevel: `${job.level} (${level.name})${job.round > 0 ? `, round ${job.round + 1}` : ''}`,
          urgency: notification.urgency,
        },
      };
      const { deliveryIds, pageIds, reached, problems } = await this.targets.notify(tx, {
        targets: level.targets,
        channelKinds: level.channelKinds,
        message,
        urgency: notification.urgency,
        idempotencyPrefix: `alert:${notification.id}:${job.round}:${job.level}`,
        details: { alerts: open.length, escalationLevel: level.name },
      });
      const sent = deliveryIds.length + pageIds.length > 0;
      await this.finishStep(
        tx,
        job,
        sent ? 'sent' : 'skipped',
        problems.length > 0 ? problems.join('; ').slice(0, 2000) : null,
        deliveryIds,
        pageIds,
      );
      await tx.manager.query(
        `INSERT INTO "alert_activity" ("organization_id", "alert_id", "at", "action", "actor", "details")
         SELECT $1, id, now(), 'escalated', 'system', $3 FROM unnest($2::uuid[]) AS id`,
        [
          tx.organizationId,
          open.map((a) => a.id),
          JSON.stringify({
            level: job.level,
            name: level.name,
            deliveries: deliveryIds.length,
            pages: pageIds.length,
          }),
        ],
      );
      if (sent && !notification.recorded_at) {
        notification.recorded_at = new Date();
        await tx.manager.query(
          `UPDATE "alert_notification" SET "recorded_at" = now() WHERE "id" = $1`,
          [notification.id],
        );
        await this.recordEvents(tx, open, eventChannel(reached));
      }
    }
  }

  /**
   * CriticalAlertEvent rows for alerts really emitted (critical-alert-metrics.md), in a
   * savepoint: a failure to record is logged as a warning and the delivery goes on.
   */
  private async recordEvents(
    tx: Tx,
    alerts: readonly AlertRow[],
    channel: CriticalAlertChannel,
  ): Promise<void> {
    await tx.manager.query('SAVEPOINT critical_alert_event');
    try {
      await tx.manager.query(
        `INSERT INTO "critical_alert_event" ("organization_id", "severity", "event_type", "channel", "fingerprint", "payload_excerpt")
         SELECT $1, r."severity", r."eventType", $2, r."dedupKey", r."excerpt"
           FROM jsonb_to_recordset($3::jsonb)
             AS r("severity" varchar, "eventType" varchar, "dedupKey" varchar, "excerpt" jsonb)`,
        [
          tx.organizationId,
          channel,
          JSON.stringify(
            alerts.map((a) => ({
              severity: a.severity,
              eventType: a.eventType,
              dedupKey: a.dedupKey,
              excerpt: {
                summary: a.summary.slice(0, 256),
                source: a.source,
                ...(a.serviceId ? { serviceId: a.serviceId } : {}),
                alertId: a.id,
              },
            })),
          ),
        ],
      );
      await tx.manager.query('RELEASE SAVEPOINT critical_alert_event');
    } catch (error) {
      await tx.manager.query('ROLLBACK TO SAVEPOINT critical_alert_event');
      this.logger.warn(
        `Could not record ${alerts.length} critical alert event(s) (delivery goes on): ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }

  /**
   * Alerts acknowledged, resolved or snoozed in `tx`: each escalating notification none of whose
   * alerts still fires (is triggered) stops — its scheduled levels are cancelled and the pages it started stopped.
   */
  async alertsClosed(
    tx: Tx,
    alertIds: readonly string[],
    userId: string | null = null,
  ): Promise<void> {
    const stopping = (await tx.manager.query(
      `SELECT n."id" FROM "alert_notification" n
        WHERE n."state" = 'escalating' AND n."alert_ids" && $1::uuid[]
          AND NOT EXISTS (SELECT 1 FROM "alert" a WHERE a."id" = ANY(n."alert_ids")
                            AND a."state" = 'triggered')
        ORDER BY n."id" FOR UPDATE OF n`,
      [alertIds],
    )) as { id: string }[];
    for (const { id } of stopping) {
      await tx.manager.query(
        `UPDATE "alert_notification" SET "state" = 'stopped' WHERE "id" = $1`,
        [id],
      );
      await tx.manager.query(
        `UPDATE "alert_escalation_step" SET "state" = 'cancelled', "reason" = 'acknowledged or resolved'
          WHERE "notification_id" = $1 AND "state" = 'scheduled'`,
        [id],
      );
      const pages = (await tx.manager.query(
        `SELECT DISTINCT jsonb_array_elements_text("page_ids") AS id FROM "alert_escalation_step"
          WHERE "notification_id" = $1`,
        [id],
      )) as { id: string }[];
      for (const page of pages)
        await this.pages.stop(page.id, userId, 'alert acknowledged or resolved');
    }
  }

  private async finishStep(
    tx: Tx,
    job: EscalationStepJob,
    state: 'sent' | 'cancelled' | 'skipped',
    reason: string | null,
    deliveryIds: string[],
    pageIds: string[],
  ): Promise<void> {
    await tx.manager.query(
      `UPDATE "alert_escalation_step" SET "state" = $4, "reason" = $5, "delivery_ids" = $6, "page_ids" = $7
        WHERE "notification_id" = $1 AND "round" = $2 AND "level" = $3`,
      [
        job.notificationId,
        job.round,
        job.level,
        state,
        reason,
        JSON.stringify(deliveryIds),
        JSON.stringify(pageIds),
      ],
    );
    const [left] = (await tx.manager.query(
      `SELECT count(*)::int AS n FROM "alert_escalation_step" WHERE "notification_id" = $1 AND "state" = 'scheduled'`,
      [job.notificationId],
    )) as { n: number }[];
    if (left.n === 0) {
      await tx.manager.query(
        `UPDATE "alert_notification" SET "state" = 'done' WHERE "id" = $1 AND "state" = 'escalating'`,
        [job.notificationId],
      );
    }
  }

  private routeOf(config: OrgAlertConfig, alert: AlertRow): Route {
    const serviceName = alert.serviceId
      ? (config.services.get(alert.serviceId)?.name ?? null)
      : null;
    return routeAlert(config, {
      serviceId: alert.serviceId,
      severity: alert.severity,
      fields: matcherFields({
        labels: alert.labels,
        severity: alert.severity,
        source: alert.source,
        serviceName,
        eventType: alert.eventType,
        summary: alert.summary,
      }),
    });
  }
}

/**
 * Every level of every round, with its due time: level delays count from the notification;
 * a round lasts until the last level plus the gap before it (at least one minute), then the
 * levels run again, `repeat` more times.
 */
export function planEscalation(
  levels: readonly EscalationLevel[],
  repeat: number,
  start: Date,
  minuteMs: number,
): { round: number; level: number; name: string; dueAt: Date }[] {
  const last = levels[levels.length - 1]?.delayMinutes ?? 0;
  const previous = levels.length > 1 ? levels[levels.length - 2].delayMinutes : 0;
  const roundMinutes = last + Math.max(last - previous, 1);
  const steps: { round: number; level: number; name: string; dueAt: Date }[] = [];
  for (let round = 0; round <= repeat; round++) {
    levels.forEach((level, i) => {
      steps.push({
        round,
        level: i + 1,
        name: level.name,
        dueAt: new Date(start.getTime() + (round * roundMinutes + level.delayMinutes) * minuteMs),
      });
    });
  }
  return steps;
}
