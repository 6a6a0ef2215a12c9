import { Agent, request as httpRequest } from 'node:http';

/**
 * A fuzzer over an OpenAPI document: for every operation it sends malformed path parameters,
 * query strings, headers and bodies (NUL bytes, lone surrogates, deep nesting, nulls, numbers
 * beyond any range, wrong types, oversize values, broken JSON, wrong content types, forged
 * credentials) and records every answer. Deterministic for a seed, bounded in count and time.
 */

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

interface OpenApiOperation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema?: SchemaObject }[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  security?: unknown[];
}

interface SchemaObject {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  enum?: unknown[];
  format?: string;
  allOf?: SchemaObject[];
}

export interface FuzzOperation {
  method: string;
  /** OpenAPI template, e.g. /api/v1/users/{id}. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** Body properties and their schema (empty when the operation takes no JSON body). */
  bodyProperties: Record<string, SchemaObject>;
  hasBody: boolean;
}

export interface FuzzCase {
  operation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What was malformed, for the report. */
  variant: string;
}

export interface FuzzAnswer {
  case: FuzzCase;
  status: number;
  /** The start of the answer's body. */
  body: string;
  contentType: string;
  ms: number;
  /** Set when no answer came (timeout, reset). */
  error?: string;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The operations of a document, with their parameters and body properties resolved. */
export function operationsOf(document: OpenApiDocument): FuzzOperation[] {
  const resolve = (schema: SchemaObject | undefined): SchemaObject | undefined => {
    if (!schema) return undefined;
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop() ?? '';
      return resolve(document.components?.schemas?.[name]);
    }
    if (schema.allOf) {
      const properties = Object.assign(
        {},
        ...schema.allOf.map((part) => resolve(part)?.properties ?? {}),
      );
      return { type: 'object', properties };
    }
    return schema;
  };
  const out: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      const jsonBody = resolve(operation.requestBody?.content?.['application/json']?.schema);
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        bodyProperties: Object.fromEntries(
          Object.entries(jsonBody?.properties ?? {}).map(([k, v]) => [k, resolve(v) ?? v]),
        ),
        hasBody: Boolean(operation.requestBody) || ['POST', 'PUT', 'PATCH'].includes(method),
      });
    }
  }
  return out;
}

/** A small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** JSON texts of hostile values (raw, so numbers beyond double and broken escapes survive). */
const HOSTILE_VALUES: [string, string][] = [
  ['nul byte', '"a\\u0000b"'],
  ['lone high surrogate', '"x\\ud800y"'],
  ['lone low surrogate', '"\\udfff"'],
  ['null', 'null'],
  ['empty string', '""'],
  ['blank string', '"   "'],
  ['huge number', '1e999'],
  ['negative huge number', '-1e999'],
  ['beyond bigint', '99999999999999999999999999999'],
  ['negative', '-1'],
  ['fraction', '0.5'],
  ['boolean', 'true'],
  ['empty array', '[]'],
  ['array of nulls', '[null,null]'],
  ['empty object', '{}'],
  ['nested object', '{"$gt":""}'],
  ['deep array', deep(64)],
  ['deep object', deepObject(64)],
  ['long string', JSON.stringify('x'.repeat(5000))],
  ['path traversal', '"../../../../etc/passwd"'],
  ['sql', `"' OR 1=1 --"`],
  ['script', '"<script>alert(1)</script>"'],
  ['right-to-left override', '"\\u202eadmin"'],
  ['emoji', '"\\ud83d\\udca5"'],
  ['uuid-like', '"00000000-0000-0000-0000-000000000000"'],
  ['number as string', '"12"'],
  ['date garbage', '"2026-13-45T99:99:99Z"'],
  ['proto key', '{"__proto__":{"admin":true}}'],
  ['array of strings', '["a","b"]'],
  ['huge array', '[' + new Array(3000).fill('1').join(',') + ']'],
];

/** Whole bodies that are not what any operation expects. */
const HOSTILE_BODIES: [string, string, string][] = [
  ['broken JSON', '{"a":', 'application/json'],
  ['JSON scalar', '"text"', 'application/json'],
  ['JSON null', 'null', 'application/json'],
  ['JSON array', '[1,2,3]', 'application/json'],
  ['deep nesting 5000', deep(5000), 'application/json'],
  ['deep object 2000', deepObject(2000), 'application/json'],
  [
    'prototype pollution',
    '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}',
    'application/json',
  ],
  ['duplicate keys', '{"a":1,"a":2}', 'application/json'],
  ['NUL in key', '{"a\\u0000":1}', 'application/json'],
  ['invalid UTF-8', '\u00ff\u00fe{"a":1}', 'application/json'],
  ['plain text', 'hello', 'text/plain'],
  ['form body', 'a=1&b[c]=2', 'application/x-www-form-urlencoded'],
  ['xml', '<?xml version="1.0"?><a/>', 'application/xml'],
  ['bad charset', '{}', 'application/json; charset=ebcdic'],
  [
    'multipart',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
    'multipart/form-data; boundary=x',
  ],
  ['empty JSON', '', 'application/json'],
  ['oversize body', JSON.stringify({ a: 'x'.repeat(2_000_000) }), 'application/json'],
];

/** Hostile path-segment and query values (already as they go on the wire). */
const HOSTILE_SEGMENTS: [string, string][] = [
  ['not a uuid', 'not-a-uuid'],
  ['nul', '%00'],
  ['encoded slash traversal', '..%2F..%2Fetc%2Fpasswd'],
  ['broken percent', '%E0%A4%A'],
  ['lone surrogate', '%ED%A0%80'],
  ['long', 'a'.repeat(3000)],
  ['random uuid', '3f1e0a52-4b8b-4c5e-9a1d-2b6f0c1d9e77'],
  ['nil uuid', '00000000-0000-0000-0000-000000000000'],
  ['number', '99999999999999999999999'],
  ['negative', '-1'],
  ['sql', "'%20OR%201=1--"],
  ['array syntax', 'a[]=1'],
  ['empty', ''],
  ['unicode', '%F0%9F%92%A5'],
];

const FORGED_AUTH: [string, string | null][] = [
  ['no credentials', null],
  ['bearer without token', 'Bearer'],
  ['garbage bearer', 'Bearer x.y.z'],
  [
    'alg none JWT',
    'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsInR5cCI6ImFjY2VzcyJ9.',
  ],
  [
    'wrongly signed JWT',
    'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJ0eXAiOiJhY2Nlc3MifQ.c2lnbmF0dXJl',
  ],
  ['forged API key', 'Bearer hyp_abcdefgh_' + 'x'.repeat(40)],
  ['basic auth', 'Basic YWRtaW46YWRtaW4='],
  ['NUL in header', 'Bearer a\u0000b'],
];

/** A plausible value for a schema (never an existing account's name: no lockout by accident). */
function plausible(schema: SchemaObject | undefined, rand: () => number): unknown {
  if (schema?.enum?.length) return schema.enum[Math.floor(rand() * schema.enum.length)];
  switch (schema?.type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return schema?.format === 'email' ? 'fuzz@example.test' : `fuzz-${Math.floor(rand() * 1e6)}`;
  }
}

export interface FuzzContext {
  /** A valid credential, used for most cases so validation (not only auth) is exercised. */
  authorization: string;
  /** Real ids to put in path parameters (their own user, organisation ...), besides hostile ones. */
  knownIds: string[];
  /** Operations never sent (e.g. the ones that end the fuzzer's own session). */
  skip?: (operation: FuzzOperation) => boolean;
}

/** `count` cases spread evenly over the operations, deterministic for `seed`. */
export function* fuzzCases(
  operations: FuzzOperation[],
  context: FuzzContext,
  count: number,
  seed: number,
): Generator<FuzzCase> {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const usable = operations.filter((op) => !context.skip?.(op));
  for (let i = 0; i < count; i++) {
    const op = usable[i % usable.length];
    const kind = pick(['body-field', 'body-field', 'body', 'path', 'query', 'auth', 'extra-field']);
    const variant: string[] = [kind];
    const headers: Record<string, string> = { authorization: context.authorization };

    let path = op.path;
    for (const name of op.pathParams) {
      const hostile = kind === 'path' || rand() < 0.15;
      const [label, value] = hostile
        ? pick(HOSTILE_SEGMENTS)
        : ['known id', pick(context.knownIds.length ? context.knownIds : ['x'])];
      if (hostile) variant.push(`path ${name}: ${label}`);
      path = path.replace(`{${name}}`, value);
    }
    if (kind === 'query' || (op.queryParams.length && rand() < 0.2)) {
      const names = op.queryParams.length ? op.queryParams : ['q', 'limit', 'cursor'];
      const parts = names.map((name) => {
        const [label, value] = pick(HOSTILE_SEGMENTS);
        variant.push(`query ${name}: ${label}`);
        return `${name}=${value}`;
      });
      if (rand() < 0.3) parts.push(`${pick(names)}[$ne]=1`, `${pick(names)}=a&${pick(names)}=b`);
      path += `?${parts.join('&')}`;
    }
    if (kind === 'auth') {
      const [label, value] = pick(FORGED_AUTH);
      variant.push(`auth: ${label}`);
      if (value === null) delete headers['authorization'];
      else headers['authorization'] = value;
      if (rand() < 0.3) headers['x-api-key'] = pick(['hyp_', 'hyp_x_y', '\u00ff'.repeat(10)]);
    }

    let body: Buffer | undefined;
    if (op.hasBody) {
      const fields = Object.entries(op.bodyProperties);
      if (kind === 'body' || (!fields.length && kind === 'body-field')) {
        const [label, text, type] = pick(HOSTILE_BODIES);
        variant.push(`body: ${label}`);
        body = Buffer.from(text, label === 'invalid UTF-8' ? 'latin1' : 'utf8');
        headers['content-type'] = type;
      } else {
        const entries = fields.map(([name, schema]) => [
          name,
          JSON.stringify(plausible(schema, rand)),
        ]);
        if (kind === 'body-field' && entries.length) {
          const target = Math.floor(rand() * entries.length);
          const [label, raw] = pick(HOSTILE_VALUES);
          variant.push(`field ${entries[target][0]}: ${label}`);
          entries[target][1] = raw;
        }
        if (kind === 'extra-field') {
          const [label, raw] = pick(HOSTILE_VALUES);
          variant.push(`unknown field: ${label}`);
          entries.push([
            pick(['isAdmin', 'platformAdmin', 'organizationId', 'id', 'permissions']),
            raw,
          ]);
        }
        const text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
        body = Buffer.from(text);
        headers['content-type'] = 'application/json';
      }
    }
    yield {
      operation: `${op.method} ${op.path}`,
      method: op.method,
      path,
      headers,
      body,
      variant: variant.join('; '),
    };
  }
}

/** Sends one case with node:http (the path goes on the wire as written), bounded by `timeoutMs`. */
export function send(
  baseUrl: string,
  c: FuzzCase,
  agent: Agent,
  timeoutMs: number,
): Promise<FuzzAnswer> {
  const url = new URL(baseUrl);
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, body: string, contentType: string, error?: string) =>
      resolve({ case: c, status, body, contentType, ms: performance.now() - started, error });
    let req;
    try {
      req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: c.method,
        path: c.path,
        agent,
        headers: { ...c.headers, ...(c.body ? { 'content-length': String(c.body.length) } : {}) },
        timeout: timeoutMs,
      });
    } catch (error) {
      // Node refuses to send some forged headers (NUL): that case never reaches the server.
      done(0, '', '', `not sent: ${(error as Error).message}`);
      return;
    }
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < 4096) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () =>
        done(
          res.statusCode ?? 0,
          Buffer.concat(chunks).toString('utf8').slice(0, 4096),
          String(res.headers['content-type'] ?? ''),
        ),
      );
      res.on('error', (error) => done(res.statusCode ?? 0, '', '', `response: ${error.message}`));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => done(0, '', '', error.message));
    req.end(c.body);
  });
}

export interface FuzzReport {
  requests: number;
  sent: number;
  byStatus: Record<string, number>;
  operations: number;
  serverErrors: FuzzAnswer[];
  /** Cases with no answer: timeouts and resets other than the server refusing an oversize body. */
  noAnswer: FuzzAnswer[];
  /** API answers (4xx) without the JSON error envelope. */
  withoutEnvelope: FuzzAnswer[];
  seconds: number;
  p99Ms: number;
  maxMs: number;
}

/** Runs the cases with `concurrency` requests in flight; `onBatch` runs between batches. */
export async function runFuzz(options: {
  baseUrl: string;
  cases: Iterable<FuzzCase>;
  concurrency: number;
  timeoutMs: number;
  /** Called every `every` requests (e.g. to renew a credential the fuzz ended). */
  every?: { requests: number; run: () => Promise<void> };
}): Promise<FuzzReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const started = performance.now();
  const answers: FuzzAnswer[] = [];
  const iterator = options.cases[Symbol.iterator]();
  let sinceHook = 0;
  let exhausted = false;
  while (!exhausted) {
    const batch: FuzzCase[] = [];
    while (batch.length < options.concurrency) {
      const next = iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      batch.push(next.value);
    }
    answers.push(
      ...(await Promise.all(batch.map((c) => send(options.baseUrl, c, agent, options.timeoutMs)))),
    );
    sinceHook += batch.length;
    if (options.every && sinceHook >= options.every.requests) {
      sinceHook = 0;
      await options.every.run();
    }
  }
  agent.destroy();
  const byStatus: Record<string, number> = {};
  for (const a of answers) {
    const key = !a.error
      ? String(a.status)
      : a.error.startsWith('not sent')
        ? 'not sent'
        : 'no answer';
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  const sent = answers.filter((a) => !a.error?.startsWith('not sent'));
  const durations = sent.map((a) => a.ms).sort((x, y) => x - y);
  return {
    requests: answers.length,
    sent: sent.length,
    byStatus,
    operations: new Set(answers.map((a) => a.case.operation)).size,
    serverErrors: answers.filter((a) => a.status >= 500),
    noAnswer: sent.filter((a) => a.status === 0 && !a.case.variant.includes('oversize body')),
    withoutEnvelope: answers.filter(
      (a) =>
        a.status >= 400 &&
        a.status < 500 &&
        a.case.path.startsWith('/api/') &&
        !/"statusCode":\d{3}.*"correlationId"|"correlationId".*"statusCode"/s.test(a.body),
    ),
    seconds: (performance.now() - started) / 1000,
    p99Ms: durations[Math.floor(durations.length * 0.99)] ?? 0,
    maxMs: durations[durations.length - 1] ?? 0,
  };
}
