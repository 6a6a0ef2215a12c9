import { RequestContext, Tx, UnitOfWork } from '@hyperion/api/core';
import type {
  AlertActionRequest,
  AlertActivity,
  AlertDetail,
  AlertListQuery,
  AlertListResponse,
  AlertNotificationSummary,
  AlertSeverity,
  AlertSummary,
  EscalationProgress,
} from '@hyperion/contracts';
import { ALERT_RULES } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { AlertConfigCache } from './alert-config-cache';
import type { AlertRow } from './alert-fold';
import { AlertNotifier } from './alert-notifier';
import { SELECT_ALERT, toAlertSummary } from './alert-row';
import { AlertStore } from './alert-store';
import { AlertTally, type AlertTallyRow } from './alert-tally';

const OPEN_STATES = new Set<string>(['triggered', 'acknowledged', 'snoozed']);

/** Whether one tally key counts for the list's filter (every filter but the text). */
function matchesTally(query: AlertListQuery, t: AlertTallyRow): boolean {
  if (query.state === 'open' ? !OPEN_STATES.has(t.state) : query.state && t.state !== query.state)
    return false;
  if (query.severity && t.severity !== query.severity) return false;
  if (query.serviceId && t.serviceId !== query.serviceId) return false;
  if (query.suppressed === 'true' && !t.suppressed) return false;
  if (query.suppressed === 'false' && t.suppressed) return false;
  return true;
}

/**
 * Reading alerts (one page at a time, filtered in SQL) and acting on them from the console or
 * the API: acknowledge, resolve, snooze — each under the alert key's lock (the same lock ingest
 * takes), with its audit row, its activity line, the escalation it stops and the live event, in
 * one unit of work.
 */
@Injectable()
export class AlertService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly configs: AlertConfigCache,
    private readonly notifier: AlertNotifier,
    private readonly store: AlertStore,
    private readonly tally: AlertTally,
  ) {}

  list(query: AlertListQuery): Promise<AlertListResponse> {
    return this.uow.run(async (tx) => {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (query.state === 'open')
        where.push(`a."state" IN ('triggered', 'acknowledged', 'snoozed')`);
      else if (query.state) add(`a."state" = ?`, query.state);
      if (query.severity) add(`a."severity" = ?`, query.severity);
      if (query.serviceId) add(`a."service_id" = ?`, query.serviceId);
      if (query.suppressed === 'true') where.push(`a."suppressed" IS NOT NULL`);
      if (query.suppressed === 'false') where.push(`a."suppressed" IS NULL`);
      if (query.q) {
        const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        add(
          `(a."summary" ILIKE ? OR a."source" ILIKE $${params.length + 1} OR a."dedup_key" ILIKE $${params.length + 1})`,
          like,
        );
      }
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const limit = Math.min(query.limit ?? 50, ALERT_RULES.listLimitMax);
      const offset = query.offset ?? 0;
      const rows = (await tx.manager.query(
        `SELECT ${SELECT_ALERT} FROM "alert" a ${clause}
          ORDER BY a."changed_at" DESC, a."id" LIMIT ${limit} OFFSET ${offset}`,
        params,
      )) as AlertRow[];
      const tally = await this.tally.read(tx);
      const openBySeverity: Partial<Record<AlertSeverity, number>> = {};
      for (const t of tally) {
        if (OPEN_STATES.has(t.state))
          openBySeverity[t.severity] = (openBySeverity[t.severity] ?? 0) + t.n;
      }
      let total = 0;
      let totalIsLowerBound = false;
      if (query.q) {
        // Text has no tally: counted from the alerts, up to a bound (a search is for a few).
        const max = ALERT_RULES.searchCountMax;
        const [counted] = (await tx.manager.query(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM "alert" a ${clause} LIMIT ${max + 1}) s`,
          params,
        )) as { n: number }[];
        total = Math.min(counted.n, max);
        totalIsLowerBound = counted.n > max;
      } else {
        total = tally.filter((t) => matchesTally(query, t)).reduce((sum, t) => sum + t.n, 0);
      }
      const config = await this.configs.get(tx.manager, tx.organizationId as string);
      return {
        items: rows.map((r) => toAlertSummary(r, this.serviceName(config, r))),
        total,
        totalIsLowerBound,
        openBySeverity,
      };
    });
  }

  get(id: string): Promise<AlertDetail> {
    return this.uow.run(async (tx) => {
      const row = await this.find(tx, id);
      const config = await this.configs.get(tx.manager, tx.organizationId as string);
      const activity = (await tx.manager.query(
        `SELECT "at", "action", "actor" AS "by", "details" FROM "alert_activity"
          WHERE "alert_id" = $1 ORDER BY "at" DESC, "id" DESC LIMIT 200`,
        [id],
      )) as (Omit<AlertActivity, 'at'> & { at: Date })[];
      const notifications = (await tx.manager.query(
        `SELECT "id", "service_id", "group_key", "alert_ids", "title", "urgency", "channels", "state",
                "escalation_policy_id", "created_at"
           FROM "alert_notification" WHERE "alert_ids" @> ARRAY[$1]::uuid[]
          ORDER BY "created_at" DESC LIMIT 20`,
        [id],
      )) as NotificationRow[];
      const steps = (await tx.manager.query(
        `SELECT "notification_id", "round", "level", "name", "due_at", "state", "reason", "delivery_ids", "page_ids"
           FROM "alert_escalation_step" WHERE "notification_id" = ANY($1)
          ORDER BY "round", "level"`,
        [notifications.map((n) => n.id)],
      )) as StepRow[];
      return {
        ...toAlertSummary(row, this.serviceName(config, row)),
        annotations: row.annotations,
        customDetails: row.customDetails,
        links: row.links,
        component: row.component,
        group: row.group,
        generatorUrl: row.generatorUrl,
        activity: activity.map((a) => ({ ...a, at: a.at.toISOString() })),
        notifications: notifications.map(
          (n): AlertNotificationSummary => ({
            id: n.id,
            serviceId: n.service_id,
            groupKey: n.group_key,
            alertIds: n.alert_ids,
            title: n.title,
            urgency: n.urgency,
            channels: n.channels,
            state: n.state,
            escalationPolicyId: n.escalation_policy_id,
            createdAt: n.created_at.toISOString(),
            escalation: steps
              .filter((s) => s.notification_id === n.id)
              .map(
                (s): EscalationProgress => ({
                  level: s.level,
                  name: s.round > 0 ? `${s.name} (round ${s.round + 1})` : s.name,
                  dueAt: s.due_at.toISOString(),
                  state: s.state,
                  reason: s.reason,
                  deliveryIds: s.delivery_ids,
                  pageIds: s.page_ids,
                }),
              ),
          }),
        ),
      };
    });
  }

  act(id: string, request: AlertActionRequest): Promise<AlertSummary> {
    return this.uow.run(async (tx) => {
      const [changed] = await this.actOn(tx, [id], request);
      if (changed) return changed;
      const row = await this.find(tx, id);
      const config = await this.configs.get(tx.manager, tx.organizationId as string);
      return toAlertSummary(row, this.serviceName(config, row));
    });
  }

  bulk(ids: readonly string[], request: AlertActionRequest): Promise<{ changed: string[] }> {
    return this.uow.run(async (tx) => ({
      changed: (await this.actOn(tx, [...new Set(ids)], request)).map((a) => a.id),
    }));
  }

  /**
   * The alerts among `ids` the action changes, changed: locked by key (ingest's lock), so a
   * trigger folding into one waits and sees the new state. 404 when an id is not an alert here.
   */
  private async actOn(
    tx: Tx,
    ids: readonly string[],
    request: AlertActionRequest,
  ): Promise<AlertSummary[]> {
    if (request.action === 'snooze' && !request.minutes) {
      throw new BadRequestException(
        `minutes: required to snooze, 1 to ${ALERT_RULES.snoozeMinutesMax}`,
      );
    }
    const keys = (await tx.manager.query(`SELECT "dedup_key" FROM "alert" WHERE "id" = ANY($1)`, [
      ids,
    ])) as { dedup_key: string }[];
    if (keys.length !== ids.length) throw new NotFoundException('Alert not found');
    await tx.manager.query(
      `SELECT pg_advisory_xact_lock(h) FROM (
         SELECT DISTINCT hashtextextended($1 || ':' || k, 0) AS h FROM unnest($2::text[]) AS k
          ORDER BY 1) AS locks`,
      [tx.organizationId, keys.map((k) => k.dedup_key)],
    );
    const rows = (await tx.manager.query(
      `SELECT ${SELECT_ALERT} FROM "alert" a WHERE a."id" = ANY($1)`,
      [ids],
    )) as AlertRow[];
    const actor = RequestContext.current()?.actor;
    const userId = actor?.type === 'user' ? actor.id : null;
    const now = new Date();
    const changed: AlertRow[] = [];
    for (const row of rows) {
      const next = nextState(row, request, now, userId);
      if (!next) continue;
      changed.push(next);
    }
    if (changed.length === 0) return [];
    for (const row of changed) {
      await tx.manager.query(
        `UPDATE "alert" SET "state" = $2, "acknowledged_at" = $3, "acknowledged_by" = $4,
                "resolved_at" = $5, "snoozed_until" = $6, "changed_at" = $7 WHERE "id" = $1`,
        [
          row.id,
          row.state,
          row.acknowledgedAt,
          row.acknowledgedBy,
          row.resolvedAt,
          row.snoozedUntil,
          now,
        ],
      );
    }
    const action = { acknowledge: 'acknowledged', resolve: 'resolved', snooze: 'snoozed' }[
      request.action
    ];
    await tx.manager.query(
      `INSERT INTO "alert_activity" ("organization_id", "alert_id", "at", "action", "actor", "details")
       SELECT $1, id, $3, $4, $5, $6 FROM unnest($2::uuid[]) AS id`,
      [
        tx.organizationId,
        changed.map((r) => r.id),
        now,
        action,
        actor?.name ?? 'system',
        JSON.stringify(request.action === 'snooze' ? { minutes: request.minutes ?? 0 } : {}),
      ],
    );
    await tx.audit({
      action: `alert_${action}` as 'alert_acknowledged' | 'alert_resolved' | 'alert_snoozed',
      target: changed.length === 1 ? `alert:${changed[0].id}` : `alerts:${changed.length}`,
      result: 'success',
      details: {
        alerts: changed
          .map((r) => r.id)
          .slice(0, 50)
          .join(','),
        count: changed.length,
        ...(request.action === 'snooze' ? { minutes: request.minutes ?? 0 } : {}),
      },
    });
    // Snoozing holds the escalation back too (a snoozed alert is not "firing").
    await this.notifier.alertsClosed(
      tx,
      changed.map((r) => r.id),
      userId,
    );
    const config = await this.configs.get(tx.manager, tx.organizationId as string);
    await this.store.publish(tx, config, changed);
    return changed.map((r) => toAlertSummary(r, this.serviceName(config, r)));
  }

  private async find(tx: Tx, id: string): Promise<AlertRow> {
    const [row] = (await tx.manager.query(
      `SELECT ${SELECT_ALERT} FROM "alert" a WHERE a."id" = $1`,
      [id],
    )) as AlertRow[];
    if (!row) throw new NotFoundException('Alert not found');
    return row;
  }

  private serviceName(
    config: { services: Map<string, { name: string }> },
    row: AlertRow,
  ): string | null {
    return row.serviceId ? (config.services.get(row.serviceId)?.name ?? null) : null;
  }
}

/** The alert after the action, or null when the action changes nothing. */
export function nextState(
  row: AlertRow,
  request: AlertActionRequest,
  now: Date,
  userId: string | null,
): AlertRow | null {
  switch (request.action) {
    case 'acknowledge':
      if (row.state !== 'triggered' && row.state !== 'snoozed') return null;
      return {
        ...row,
        state: 'acknowledged',
        acknowledgedAt: now,
        acknowledgedBy: userId,
        snoozedUntil: null,
        changedAt: now,
      };
    case 'resolve':
      if (row.state === 'resolved') return null;
      return { ...row, state: 'resolved', resolvedAt: now, snoozedUntil: null, changedAt: now };
    case 'snooze':
      if (row.state === 'resolved') return null;
      return {
        ...row,
        state: 'snoozed',
        snoozedUntil: new Date(now.getTime() + (request.minutes ?? 0) * 60_000),
        changedAt: now,
      };
  }
}

interface NotificationRow {
  id: string;
  service_id: string | null;
  group_key: string;
  alert_ids: string[];
  title: string;
  urgency: 'high' | 'low';
  channels: AlertNotificationSummary['channels'];
  state: AlertNotificationSummary['state'];
  escalation_policy_id: string | null;
  created_at: Date;
}

interface StepRow {
  notification_id: string;
  round: number;
  level: number;
  name: string;
  due_at: Date;
  state: EscalationProgress['state'];
  reason: string | null;
  delivery_ids: string[];
  page_ids: string[];
}
