import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';

import type { CheckContext, CheckRun } from './check-support';
import {
  down,
  duration,
  errorText,
  networkError,
  since,
  TargetError,
  TargetFields,
  truncate,
  up,
} from './check-support';

const USER_AGENT = 'Hyperion-Monitor/1.0';
/** Keyword and JSON checks look at this much of the body at most. */
const BODY_MAX = 1024 * 1024;
const DAY_MS = 86_400_000;
const METHODS = ['GET', 'HEAD', 'POST'] as const;

interface HttpSettings {
  url: URL;
  method: (typeof METHODS)[number];
  accepted: [number, number][];
  keyword?: string;
  jsonPath?: string;
  jsonEquals?: string;
  ignoreTls: boolean;
  certificateMinDays?: number;
}

/** What came back: the status, when the headers arrived, the certificate and the body read. */
interface Exchange {
  status: number;
  latencyMs: number;
  certificateDays: number | null;
  /** ISO 8601: when the certificate ends (HTTPS), null when none was seen. */
  certificateExpiresAt: string | null;
  body: string;
  bodyCut: boolean;
}

/**
 * One request, redirects not followed (a 3xx is a status like any other): the status must be
 * accepted, the certificate valid long enough, the keyword or JSON value present.
 */
export async function checkHttp(target: unknown, context: CheckContext): Promise<CheckRun> {
  const settings = readSettings(target);
  const exchange = await send(settings, context);
  if ('up' in exchange) return exchange;
  const verdict = judge(settings, exchange);
  // The certificate's end is kept in the monitor's check state, for the security dashboard's
  // list of certificates; a run that saw none (refused, unreachable) keeps the last one known.
  return exchange.certificateExpiresAt === null
    ? verdict
    : { ...verdict, state: { certificateExpiresAt: exchange.certificateExpiresAt } };
}

function readSettings(target: unknown): HttpSettings {
  const fields = new TargetFields(target);
  let url: URL;
  try {
    url = new URL(fields.string('url'));
  } catch {
    throw new TargetError('url: expected an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetError('url: expected an http:// or https:// URL');
  }
  const method = fields.optionalString('method') ?? 'GET';
  if (!(METHODS as readonly string[]).includes(method)) {
    throw new TargetError(`method: expected one of ${METHODS.join(', ')}`);
  }
  return {
    url,
    method: method as HttpSettings['method'],
    accepted: (fields.optionalStrings('acceptedStatuses') ?? ['200-399']).map(statusRange),
    keyword: fields.optionalString('keyword'),
    jsonPath: fields.optionalString('jsonPath'),
    jsonEquals: fields.optionalString('jsonEquals'),
    ignoreTls: fields.optionalBoolean('ignoreTls'),
    certificateMinDays: fields.optionalNumber('certificateMinDays', 0, 3650),
  };
}

function statusRange(entry: string): [number, number] {
  const match = /^\s*(\d{3})\s*(?:-\s*(\d{3})\s*)?$/.exec(entry);
  if (!match) {
    throw new TargetError(
      `acceptedStatuses: "${entry}" is not a status like "301" or a range like "200-299"`,
    );
  }
  return [Number(match[1]), Number(match[2] ?? match[1])];
}

function send(s: HttpSettings, { signal, timeoutMs }: CheckContext): Promise<Exchange | CheckRun> {
  const overTls = s.url.protocol === 'https:';
  const wantsBody = s.keyword !== undefined || s.jsonPath !== undefined;
  const start = performance.now();

  return new Promise((resolve) => {
    let settled = false;
    let tcpConnected = false;
    let tlsDone = false;
    // A fresh connection each time (no agent): no pooled socket outlives the check, and the
    // certificate is always the one presented now.
    const req = (overTls ? httpsRequest : httpRequest)(s.url, {
      method: s.method,
      agent: false,
      headers: { 'user-agent': USER_AGENT },
      rejectUnauthorized: !s.ignoreTls,
    });
    const finish = (result: Exchange | CheckRun) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(result);
    };
    const onAbort = () => finish(down(`no answer within ${duration(timeoutMs)}`));
    signal.addEventListener('abort', onAbort);

    req.on('socket', (socket) => {
      socket.once('connect', () => (tcpConnected = true));
      socket.once('secureConnect', () => (tlsDone = true));
    });
    req.on('error', (error) => {
      // Connected but no TLS session: the handshake failed (certificate refused, wrong protocol).
      const tlsFailed = overTls && tcpConnected && !tlsDone;
      finish(down(tlsFailed ? `TLS: ${error.message}` : networkError(error, s.url.host)));
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const latencyMs = since(start);
      const certificateEnd = overTls ? validTo(res.socket as TLSSocket) : null;
      const exchange = (body: string, bodyCut: boolean): Exchange => ({
        status,
        latencyMs,
        certificateDays:
          certificateEnd === null ? null : Math.floor((certificateEnd - Date.now()) / DAY_MS),
        certificateExpiresAt:
          certificateEnd === null ? null : new Date(certificateEnd).toISOString(),
        body,
        bodyCut,
      });
      if (!wantsBody) return finish(exchange('', false));

      const chunks: Buffer[] = [];
      let size = 0;
      const body = () => Buffer.concat(chunks).subarray(0, BODY_MAX).toString('utf8');
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= BODY_MAX) finish(exchange(body(), true));
      });
      res.on('end', () => finish(exchange(body(), false)));
      // A body cut short by the server shows as 'close' without 'end'; its error adds nothing.
      res.on('error', () => undefined);
      res.on('close', () =>
        finish(
          down(`HTTP ${status}, but the connection closed before the body was complete`, latencyMs),
        ),
      );
    });
    req.end();
  });
}

/** When the peer's certificate ends (ms since the epoch), or null. */
function validTo(socket: TLSSocket): number | null {
  const end = Date.parse(socket.getPeerCertificate()?.valid_to ?? '');
  return Number.isNaN(end) ? null : end;
}

function certificateText(days: number): string {
  if (days < 0) return `certificate expired ${-days} day${-days === 1 ? '' : 's'} ago`;
  return `certificate expires in ${days} day${days === 1 ? '' : 's'}`;
}

function judge(s: HttpSettings, x: Exchange): CheckRun {
  let head = `HTTP ${x.status} in ${x.latencyMs} ms`;
  if (x.certificateDays !== null) head += `, ${certificateText(x.certificateDays)}`;
  const fail = (why: string) => down(why, x.latencyMs);

  if (!s.accepted.some(([low, high]) => x.status >= low && x.status <= high)) {
    const list = s.accepted
      .map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`))
      .join(', ');
    return fail(`HTTP ${x.status} is not an accepted status (${list}), in ${x.latencyMs} ms`);
  }
  if (
    s.certificateMinDays !== undefined &&
    x.certificateDays !== null &&
    x.certificateDays < s.certificateMinDays
  ) {
    return fail(`TLS ${certificateText(x.certificateDays)} (minimum ${s.certificateMinDays})`);
  }
  const cut = x.bodyCut ? ' in the first 1 MiB of the body' : '';
  if (s.keyword !== undefined && !x.body.includes(s.keyword)) {
    return fail(`keyword "${truncate(s.keyword, 100)}" not found${cut} (${head})`);
  }
  if (s.jsonPath !== undefined) {
    const verdict = jsonVerdict(x.body, s.jsonPath, s.jsonEquals);
    if (verdict.ok) head += `, ${verdict.text}`;
    else return fail(`${verdict.text}${cut} (${head})`);
  }
  return up(head, x.latencyMs);
}

function jsonVerdict(
  body: string,
  path: string,
  expected: string | undefined,
): { ok: boolean; text: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, text: `body is not JSON (${errorText(error)})` };
  }
  for (const segment of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(segment)) value = value[Number(segment)];
    else if (typeof value === 'object' && value !== null && Object.hasOwn(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else value = undefined;
    if (value === undefined) return { ok: false, text: `JSON path ${path} not found` };
  }
  const found = truncate(typeof value === 'object' ? JSON.stringify(value) : String(value), 100);
  if (expected === undefined || String(value) === expected)
    return { ok: true, text: `${path} = ${found}` };
  return { ok: false, text: `JSON ${path} is ${found}, expected ${truncate(expected, 100)}` };
}
