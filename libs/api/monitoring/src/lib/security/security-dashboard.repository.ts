import { UnitOfWork } from '@hyperion/api/core';
import type { MonitorState } from '@hyperion/contracts';
import {
  CERTIFICATE_WARNING_DAYS,
  SECURITY_AUDIT_ACTIONS,
  SECURITY_DASHBOARD_LIMITS,
} from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import type { SecurityWindow } from './security-range';

/** Every audit action the dashboard reads. */
const ACTIONS: readonly string[] = Object.values(SECURITY_AUDIT_ACTIONS).flat();

/**
 * The dashboard's events: the audit rows of its actions since `$2`, each with its kind
 * (`failed_login`, `lockout`, `2fa:<change>`, `permission`, `api_key:<created|revoked>`), or
 * none for a row that changed nothing (a refused 2FA change, a pending 2FA secret, a user
 * update that left the roles alone). `$1`: ACTIONS. Read through the action index.
 */
const EVENTS = `
  SELECT "id", "occurred_at", "action", "actor_name", "target", "ip", "details",
         CASE
           WHEN "action" = 'failed_login' THEN 'failed_login'
           WHEN "action" = 'account_locked' THEN 'lockout'
           WHEN "result" <> 'success' THEN NULL
           WHEN "action" = '2fa_setup' THEN
             CASE WHEN "details"->>'step' = 'enabled' THEN '2fa:enabled' END
           WHEN "action" = '2fa_disable' THEN '2fa:disabled'
           WHEN "action" = '2fa_reset' THEN '2fa:reset'
           WHEN "action" = 'recovery_code_used' THEN '2fa:recovery_code_used'
           WHEN "action" = 'recovery_codes_regenerated' THEN '2fa:recovery_codes_regenerated'
           WHEN "action" = 'api_key_created' THEN 'api_key:created'
           WHEN "action" = 'api_key_revoked' THEN 'api_key:revoked'
           WHEN "action" = 'user_updated' THEN
             CASE WHEN "details"->'fields' @> '"roles"'::jsonb THEN 'permission' END
           ELSE 'permission'
         END AS "kind"
    FROM "audit_log"
   WHERE "action" = ANY($1) AND "occurred_at" >= $2`;

export interface KindCountRow {
  kind: string;
  /** In the range (true) or in the previous period. */
  current: boolean;
  n: number;
}

export interface TallyRow {
  by: 'ip' | 'username';
  value: string;
  n: number;
}

export interface EventRow {
  id: string;
  occurred_at: Date;
  action: string;
  kind: string;
  actor_name: string | null;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface CertificateRow {
  id: string;
  name: string;
  url: string;
  state: MonitorState;
  expires_at: Date | null;
  /** Of every HTTPS monitor, not only the rows returned. */
  total: number;
  expiring: number;
}

/**
 * The dashboard's reads: a handful of aggregate queries, each bounded in what it returns, inside
 * the caller's unit of work, so row-level security keeps them to its organisation (audit rows of
 * no organisation, such as sign-ins with an unknown username, are not among them).
 */
@Injectable()
export class SecurityDashboardRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** How many events of each kind, in the range and in the previous period. */
  countsByKind(window: SecurityWindow): Promise<KindCountRow[]> {
    return this.uow.manager.query(
      `SELECT "kind", "occurred_at" >= $3 AS "current", count(*)::int AS "n"
         FROM (${EVENTS}) AS e
        WHERE "kind" IS NOT NULL
        GROUP BY 1, 2`,
      [ACTIONS, window.previousFrom, window.from],
    );
  }

  /** Failed sign-ins per bar of the range (bar index from 0; bars without any absent). */
  async failedLoginsByBucket(window: SecurityWindow): Promise<Map<number, number>> {
    const rows = (await this.uow.manager.query(
      `SELECT LEAST(floor(extract(epoch FROM "occurred_at" - $1::timestamptz) * 1000 / $2)::int, $3)
                AS "bucket",
              count(*)::int AS "n"
         FROM "audit_log"
        WHERE "action" = 'failed_login' AND "occurred_at" >= $1
        GROUP BY 1`,
      [window.from, window.bucketMs, window.buckets - 1],
    )) as { bucket: number; n: number }[];
    return new Map(rows.map((row) => [row.bucket, row.n]));
  }

  /** The source IPs and the usernames with the most failed sign-ins in the range. */
  topFailedLoginSources(window: SecurityWindow): Promise<TallyRow[]> {
    const top = (by: 'ip' | 'username', column: string) => `
      (SELECT '${by}' AS "by", ${column} AS "value", count(*)::int AS "n"
         FROM "audit_log"
        WHERE "action" = 'failed_login' AND "occurred_at" >= $1 AND ${column} IS NOT NULL
        GROUP BY ${column}
        ORDER BY 3 DESC, 2
        LIMIT $2)`;
    return this.uow.manager.query(
      `${top('ip', '"ip"')} UNION ALL ${top('username', '"actor_name"')}`,
      [window.from, SECURITY_DASHBOARD_LIMITS.topSources],
    );
  }

  /** The latest events of the range but failed sign-ins, at most `limit` of each group. */
  latestEvents(window: SecurityWindow): Promise<EventRow[]> {
    return this.uow.manager.query(
      `SELECT "id"::text, "occurred_at", "action", "kind", "actor_name", "target", "ip", "details"
         FROM (SELECT e.*, row_number() OVER (
                 PARTITION BY split_part("kind", ':', 1) ORDER BY "occurred_at" DESC, "id" DESC
               ) AS "rank"
                 FROM (${EVENTS}) AS e
                WHERE "kind" IS NOT NULL AND "kind" <> 'failed_login') AS ranked
        WHERE "rank" <= $3
        ORDER BY "occurred_at" DESC, "id" DESC`,
      [ACTIONS, window.from, SECURITY_DASHBOARD_LIMITS.latest],
    );
  }

  /**
   * HTTPS monitors with the end of the certificate their last TLS check saw (kept in the check
   * state by the http check), soonest first, those not seen yet last.
   */
  certificates(now: Date): Promise<CertificateRow[]> {
    return this.uow.manager.query(
      `SELECT "id", "name", "url", "state", "expires_at",
              count(*) OVER ()::int AS "total",
              (count(*) FILTER (WHERE "expires_at" < $1) OVER ())::int AS "expiring"
         FROM (SELECT "id", "name", "state", "target"->>'url' AS "url",
                      CASE WHEN "check_state"->>'certificateExpiresAt' ~ '^\\d{4}-\\d{2}-\\d{2}T'
                           THEN ("check_state"->>'certificateExpiresAt')::timestamptz END
                        AS "expires_at"
                 FROM "monitor"
                WHERE "kind" = 'http' AND lower("target"->>'url') LIKE 'https://%') AS m
        ORDER BY "expires_at" ASC NULLS LAST, "name", "id"
        LIMIT $2`,
      [
        new Date(now.getTime() + CERTIFICATE_WARNING_DAYS * 86_400_000),
        SECURITY_DASHBOARD_LIMITS.certificates,
      ],
    );
  }
}
