import type { AuditQuery, AuditResult } from '@hyperion/contracts';

/** The audit page's filter form, as typed by the user (empty string = no filter). */
export interface AuditFilterValues {
  action: string;
  actor: string;
  result: '' | AuditResult;
  /** `datetime-local` values, in the browser's time zone. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilterValues = {
  action: '',
  actor: '',
  result: '',
  from: '',
  to: '',
};

function toIso(local: string): string | undefined {
  if (local === '') {
    return undefined;
  }
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The API query for these filters (no cursor, no limit). */
export function auditQuery(values: AuditFilterValues): AuditQuery {
  return {
    action: values.action || undefined,
    actor: values.actor.trim() || undefined,
    result: values.result || undefined,
    from: toIso(values.from),
    to: toIso(values.to),
  };
}

/** `hyperion-audit-20260130-140501.csv`, in local time. */
export function csvFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `hyperion-audit-${date}-${time}.csv`;
}
