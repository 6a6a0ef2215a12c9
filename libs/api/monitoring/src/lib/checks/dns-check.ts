import type { DnsRecordType } from '@hyperion/contracts';
import { DNS_RECORD_TYPES } from '@hyperion/contracts';
import { Resolver } from 'node:dns/promises';

import type { CheckContext, CheckRun } from './check-support';
import {
  down,
  duration,
  errorText,
  since,
  TargetError,
  TargetFields,
  truncate,
  up,
} from './check-support';

/** Each record type's answers as text: MX by its exchange, TXT with its strings joined. */
const RESOLVE: Record<DnsRecordType, (r: Resolver, name: string) => Promise<string[]>> = {
  A: (r, name) => r.resolve4(name),
  AAAA: (r, name) => r.resolve6(name),
  CNAME: (r, name) => r.resolveCname(name),
  NS: (r, name) => r.resolveNs(name),
  MX: async (r, name) => (await r.resolveMx(name)).map((mx) => mx.exchange),
  TXT: async (r, name) => (await r.resolveTxt(name)).map((chunks) => chunks.join('')),
};

/** A name resolves (to the expected value, when one is given). */
export async function checkDns(
  target: unknown,
  { signal, timeoutMs }: CheckContext,
): Promise<CheckRun> {
  const fields = new TargetFields(target);
  const hostname = fields.string('hostname');
  const type = (fields.optionalString('recordType') ?? 'A') as DnsRecordType;
  if (!DNS_RECORD_TYPES.includes(type)) {
    throw new TargetError(`recordType: expected one of ${DNS_RECORD_TYPES.join(', ')}`);
  }
  const server = fields.optionalString('server');
  const expected = fields.optionalString('expected');

  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (server) {
    try {
      resolver.setServers([server]);
    } catch {
      throw new TargetError(
        'server: expected an IP address, optionally with a port ("10.0.0.53" or "10.0.0.53:5353")',
      );
    }
  }
  const onAbort = () => resolver.cancel();
  signal.addEventListener('abort', onAbort);
  const start = performance.now();
  try {
    const answers = await RESOLVE[type](resolver, hostname);
    const latencyMs = since(start);
    const shown = truncate(answers.join(', '), 200);
    if (answers.length === 0) return down(`${hostname} ${type}: no answer`, latencyMs);
    if (expected !== undefined && !answers.some((answer) => same(type, answer, expected))) {
      return down(
        `${hostname} ${type} is ${shown}, expected ${truncate(expected, 100)}`,
        latencyMs,
      );
    }
    return up(`${hostname} ${type} → ${shown} in ${latencyMs} ms`, latencyMs);
  } catch (error) {
    if (signal.aborted) return down(`no DNS answer within ${duration(timeoutMs)}`);
    return down(`${hostname} ${type}: ${describe(error, timeoutMs)}`, since(start));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Text records compare exactly; names and addresses without case or a final dot. */
function same(type: DnsRecordType, answer: string, expected: string): boolean {
  if (type === 'TXT') return answer === expected;
  const norm = (text: string) => text.trim().toLowerCase().replace(/\.$/, '');
  return norm(answer) === norm(expected);
}

function describe(error: unknown, timeoutMs: number): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOTFOUND':
      return 'no such name (NXDOMAIN)';
    case 'ENODATA':
      return 'the name exists but has no record of this type';
    case 'ETIMEOUT':
      return `no DNS answer within ${duration(timeoutMs)}`;
    case 'ESERVFAIL':
      return 'the DNS server failed to answer (SERVFAIL)';
    case 'EREFUSED':
      return 'the DNS server refused the query (REFUSED)';
    case 'ECONNREFUSED':
      return 'could not reach the DNS server (connection refused)';
    default:
      return errorText(error);
  }
}
