import { Client } from 'pg';

import type { CheckContext, CheckRun } from './check-support';
import {
  down,
  duration,
  errorText,
  networkError,
  redact,
  since,
  TargetError,
  TargetFields,
  up,
} from './check-support';

/**
 * `SELECT 1` on the database. The connection string holds the password: no message may repeat
 * it, whatever the driver puts in its errors.
 */
export async function checkPostgres(
  target: unknown,
  { signal, timeoutMs }: CheckContext,
): Promise<CheckRun> {
  const connectionString = new TargetFields(target).string('connectionString');
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new TargetError(
      'connectionString: expected a URL like postgres://user:password@host:5432/database',
    );
  }
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  const where = `${url.hostname || 'localhost'}:${url.port || 5432}`;
  const start = performance.now();

  const client = new Client({
    connectionString,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'hyperion-monitor',
  });
  // An error after the verdict (the server going away while closing) must not crash the API.
  client.on('error', () => undefined);
  const stop = () => void client.end().catch(() => undefined);
  signal.addEventListener('abort', stop);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return up(`PostgreSQL answered SELECT 1 in ${since(start)} ms`, since(start));
  } catch (error) {
    if (signal.aborted) return down(`no answer within ${duration(timeoutMs)} (${where})`);
    return down(redact(describe(error, where), password));
  } finally {
    signal.removeEventListener('abort', stop);
    stop();
  }
}

function describe(error: unknown, where: string): string {
  // The server's own words ('database "x" does not exist') when it answered; else the socket's.
  if (error instanceof Error && 'severity' in error) return `PostgreSQL: ${error.message}`;
  if ((error as NodeJS.ErrnoException).code?.startsWith('E')) return networkError(error, where);
  const text = errorText(error);
  return /timeout/i.test(text) ? `no answer within the timeout (${where}): ${text}` : text;
}
