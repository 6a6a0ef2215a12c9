/**
 * The audit log's hash chain, as the database computes it (migration 1764300000000, functions
 * `audit_canonical_json`, `audit_log_canonical` and `audit_log_hash`).
 *
 * Chains: one per organisation (`organization_id`), one for instance-level rows (`organization_id`
 * null). Each row carries its chain's sequence number `chain_seq` (1, 2, 3 ... without gaps), the
 * previous row's hash `prev_hash` (64 zeros for the first row) and `hash`:
 *
 *     hash = lower-case hex SHA-256 of the UTF-8 bytes of the canonical content
 *
 * The canonical content is this JSON array, in this order, with no whitespace:
 *
 *     ["hyperion-audit/1", chain_seq, prev_hash, id, organization_id, occurred_at, actor_type,
 *      actor_id, actor_name, action, target, ip, user_agent, result, correlation_id, details]
 *
 * - chain_seq and id as decimal strings; absent values (SQL NULL) as JSON null;
 * - occurred_at in UTC with microseconds, always 6 digits: `2026-11-21T06:00:00.123456Z`;
 * - details as canonical JSON: object keys sorted by their Unicode code points (byte order of
 *   their UTF-8), no whitespace, arrays in order, strings and numbers as PostgreSQL's jsonb
 *   writes them (so a number is hashed exactly as it is stored).
 *
 * Every column but `hash` itself is covered, so changing any of them (or the order of rows, or
 * removing one) breaks the chain at that row. The chain head (`audit_chain_head`) records each
 * chain's last sequence number and hash, so removing the newest rows is detected too.
 *
 * What it does not do: someone who can rewrite the whole table and its head as the database
 * owner can recompute every hash after a change. The nightly verification logs each chain's head
 * hash; comparing it with an earlier log line exposes such a rewrite.
 */
export const AUDIT_CHAIN_FORMAT = 'hyperion-audit/1';

/** `prev_hash` of the first row of a chain. */
export const AUDIT_CHAIN_GENESIS = '0'.repeat(64);

/** The `audit_chain_head.chain` of a chain: the organisation's id, or `instance`. */
export function chainKey(organizationId: string | null): string {
  return organizationId ?? 'instance';
}

/** How a chain is named in log lines: `org=<id>` or `org=instance`. */
export function chainLabel(organizationId: string | null): string {
  return `org=${chainKey(organizationId)}`;
}
