import type { AuditAction, AuditResult } from '@hyperion/contracts';
import type { EntityManager } from 'typeorm';

import { Actor, RequestMeta } from '../auth/actor';

/** One audit entry, as a change or a refusal records it. */
export interface AuditInput {
  /** Who did it; defaults to the context's actor; null for an anonymous caller (a failed login). */
  actor?: Actor | null;
  /** For anonymous records: what the caller claimed to be (e.g. the username tried). */
  actorName?: string;
  action: AuditAction;
  /** What it was done to: `user:<id>`, `role:<id>`, `api_key:<id>`, a route ... */
  target?: string | null;
  result: AuditResult;
  details?: Record<string, unknown>;
  /**
   * The organisation the entry concerns; defaults to the unit of work's. Null: an
   * instance-level entry (needs a platform-scope unit of work).
   */
  organizationId?: string | null;
}

/** Inserts one audit row through `manager` (so it commits or rolls back with the change). */
export async function insertAuditRow(
  manager: EntityManager,
  input: AuditInput & { actor: Actor | null; organizationId: string | null },
  meta: RequestMeta,
): Promise<void> {
  const actorName = (input.actor?.name ?? input.actorName ?? null)?.slice(0, 128) ?? null;
  await manager.query(
    `INSERT INTO "audit_log" ("organization_id", "actor_type", "actor_id", "actor_name", "action",
       "target", "ip", "user_agent", "result", "details", "correlation_id")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      input.organizationId,
      input.actor?.type ?? 'anonymous',
      input.actor?.id ?? null,
      actorName,
      input.action,
      input.target?.slice(0, 256) ?? null,
      meta.ip?.slice(0, 64) ?? null,
      meta.userAgent?.slice(0, 512) ?? null,
      input.result,
      JSON.stringify(input.details ?? {}),
      meta.correlationId,
    ],
  );
}
