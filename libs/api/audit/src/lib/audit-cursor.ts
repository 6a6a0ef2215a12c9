const MAX_BIGINT = 9_223_372_036_854_775_807n;

/**
 * Position in the audit log, newest first. Rows are append-only with an increasing id, so the
 * id of the last row of a page is an exact cursor (timestamps are not: PostgreSQL keeps
 * microseconds, JavaScript milliseconds).
 */
export function encodeCursor(id: string): string {
  return Buffer.from(`a:${id}`, 'utf8').toString('base64url');
}

/** The row id, or null when the cursor is not one this API handed out. */
export function decodeCursor(raw: string): string | null {
  const match = /^a:(\d{1,19})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  // Row ids are bigint: a larger number is no cursor of ours (and PostgreSQL would refuse it).
  return match && BigInt(match[1]) <= MAX_BIGINT ? match[1] : null;
}
