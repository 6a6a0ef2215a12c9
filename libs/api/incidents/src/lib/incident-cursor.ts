import type { IncidentSort } from '@hyperion/contracts';

/**
 * The keyset cursor of the incident list: the sort key of the last row of a page and its id,
 * opaque to clients (base64url of JSON). Timestamps travel as PostgreSQL's own text with
 * microseconds (JavaScript dates keep only milliseconds, which would repeat or skip rows).
 */
export type CursorKey =
  | { sort: 'newest' | 'oldest'; at: string; id: string }
  | { sort: 'updated'; at: string; id: string }
  | { sort: 'severity'; rank: number; at: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** As the list query writes it: `2026-03-01T09:30:00.123456Z`. */
const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A real instant in that form (not 2026-02-31: PostgreSQL would refuse it). */
const isAt = (value: unknown): value is string => {
  if (typeof value !== 'string' || !AT.test(value)) return false;
  const ms = Date.parse(`${value.slice(0, 23)}Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 23) === value.slice(0, 23);
};

export function encodeCursor(key: CursorKey): string {
  const values = key.sort === 'severity' ? [key.rank, key.at, key.id] : [key.at, key.id];
  return Buffer.from(JSON.stringify({ s: key.sort, k: values }), 'utf8').toString('base64url');
}

/** The key, or null when `raw` is not a cursor this API handed out for `sort`. */
export function decodeCursor(raw: string, sort: IncidentSort): CursorKey | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { s, k } = parsed as { s?: unknown; k?: unknown };
  if (s !== sort || !Array.isArray(k)) return null;
  if (sort === 'severity') {
    const [rank, at, id] = k as unknown[];
    if (k.length !== 3 || !Number.isInteger(rank) || (rank as number) < 0 || (rank as number) > 3)
      return null;
    if (!isAt(at) || typeof id !== 'string' || !UUID.test(id)) return null;
    return { sort, rank: rank as number, at, id };
  }
  const [at, id] = k as unknown[];
  if (k.length !== 2 || !isAt(at)) return null;
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  return { sort, at, id };
}
