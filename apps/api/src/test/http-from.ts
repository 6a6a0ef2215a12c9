import { IncomingHttpHeaders, request } from 'node:http';

/** Ten loopback source addresses (Linux routes all of 127.0.0.0/8 to `lo`). */
export const SOURCE_ADDRESSES = Array.from({ length: 10 }, (_, i) => `127.0.0.${i + 2}`);

export interface PlainResponse {
  status: number;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** Milliseconds from sending to the end of the answer. */
  ms: number;
}

/**
 * One JSON request on a connection of its own from `localAddress` (so the API sees that client
 * IP, as it would see ten different machines), answering within `timeoutMs` or failing.
 */
export function requestFrom(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  options: {
    localAddress?: string;
    body?: object;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<PlainResponse> {
  const url = new URL(path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        localAddress: options.localAddress,
        agent: false,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            ms: performance.now() - started,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** `POST path` with a JSON body from `localAddress`. */
export const postFrom = (baseUrl: string, path: string, body: object, localAddress?: string) =>
  requestFrom(baseUrl, 'POST', path, { body, localAddress });

/** How many times each status answered. */
export function countStatuses(responses: readonly { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}
