import type { AuditEntry } from '@hyperion/contracts';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'occurred_at',
  'actor_type',
  'actor_id',
  'actor_name',
  'action',
  'target',
  'ip',
  'user_agent',
  'result',
  'correlation_id',
  'details',
  'organization_id',
] as const;

/**
 * One CSV field (RFC 4180). Cells that a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR) are prefixed with a quote, so a crafted username cannot execute in the auditor's Excel.
 */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(e: AuditEntry): string {
  return (
    [
      e.id,
      e.occurredAt,
      e.actorType,
      e.actorId,
      e.actorName,
      e.action,
      e.target,
      e.ip,
      e.userAgent,
      e.result,
      e.correlationId,
      JSON.stringify(e.details),
      e.organizationId,
    ]
      .map(csvField)
      .join(',') + '\r\n'
  );
}
