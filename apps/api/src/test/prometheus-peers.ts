import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '@hyperion/api/testing';

/**
 * Real Prometheus and Alertmanager processes for integration specs (the Debian packages'
 * binaries), on free loopback ports with scratch directories, plus the small loopback servers
 * they talk to. Every wait is bounded; `stop()` always ends the process and removes its files.
 */

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';
export const ALERTMANAGER_BINARY = '/usr/bin/prometheus-alertmanager';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether `done` settles within `ms` (its timer cleared either way, so nothing lingers). */
async function within(done: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([done.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
const LOG_MAX = 64 * 1024;
const BODY_MAX = 8 * 1024;

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A Prometheus or Alertmanager process of the test. */
export interface Peer {
  name: string;
  /** `127.0.0.1:<port>`. */
  address: string;
  url: string;
  /** Its stdout and stderr so far (the last 64 KB). */
  log(): string;
  /** Ends it (SIGTERM, then SIGKILL after 5 s) and removes its scratch directory. */
  stop(): Promise<void>;
}

export interface PeerOptions {
  name: string;
  binary: string;
  /** Files written into the scratch directory before the start (name → content). */
  files: Record<string, string>;
  /** The command line, given the scratch directory and the port to listen on. */
  args: (dir: string, address: string) => string[];
  /** How long `/-/ready` may take to answer 200. */
  readyWithinMs?: number;
}

/** Starts the binary in a scratch directory and waits (bounded) until `/-/ready` answers 200. */
export async function startPeer(options: PeerOptions): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), `hyperion-${options.name}-`));
  for (const [name, content] of Object.entries(options.files)) {
    writeFileSync(join(dir, name), content);
  }
  const address = `127.0.0.1:${await freePort()}`;
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-LOG_MAX);
  };
  // An explicit, empty environment: both binaries take everything from their command line.
  const child: ChildProcess = spawn(options.binary, options.args(dir, address), {
    cwd: dir,
    env: {},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (e) => append(Buffer.from(`spawn failed: ${e.message}\n`)));

  const peer: Peer = {
    name: options.name,
    address,
    url: `http://${address}`,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGTERM');
        if (!(await within(exited, 5000))) {
          child.kill('SIGKILL');
          await within(exited, 2000);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + (options.readyWithinMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      await peer.stop();
      throw new Error(`${options.name} ended before it was ready:\n${log}`);
    }
    const status = await fetch(`${peer.url}/-/ready`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) return peer;
    if (Date.now() > deadline) {
      await peer.stop();
      throw new Error(`${options.name} was not ready on ${address} in time:\n${log}`);
    }
    await sleep(100);
  }
}

/** A scrape target serving one gauge in Prometheus' text format; `set` changes its value. */
export interface MetricTarget {
  /** `127.0.0.1:<port>`, for `static_configs.targets`. */
  address: string;
  set(value: number): void;
  /** How many scrapes it has answered. */
  scrapes(): number;
  close(): Promise<void>;
}

export async function startMetricTarget(metric: string, initial: number): Promise<MetricTarget> {
  let value = initial;
  let scrapes = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrapes++;
    res
      .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
      .end(`# HELP ${metric} Set by the test.\n# TYPE ${metric} gauge\n${metric} ${value}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    set: (v) => {
      value = v;
    },
    scrapes: () => scrapes,
    close: () => closeServer(server),
  };
}

/** One request passed on by a RecordingProxy, and the answer. */
export interface Exchange {
  method: string;
  path: string;
  userAgent: string;
  requestBody: string;
  status: number;
  responseBody: string;
}

/**
 * A transparent HTTP proxy in front of the app that keeps every request and answer (bodies cut
 * at 8 KB), so a spec can show exactly what Prometheus or Alertmanager sent and what the app said.
 */
export interface RecordingProxy {
  /** `127.0.0.1:<port>`. */
  address: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const exchanges: Exchange[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const exchange: Exchange = {
        method: req.method ?? '',
        path: req.url ?? '',
        userAgent: req.headers['user-agent'] ?? '',
        requestBody: body.toString().slice(0, BODY_MAX),
        status: 0,
        responseBody: '',
      };
      exchanges.push(exchange);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
          timeout: 10_000,
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const text = Buffer.concat(parts);
            exchange.status = answer.statusCode ?? 0;
            exchange.responseBody = text.toString().slice(0, BODY_MAX);
            res.writeHead(exchange.status, answer.headers).end(text);
          });
        },
      );
      upstream.on('timeout', () => upstream.destroy(new Error('upstream timed out')));
      upstream.on('error', (e) => {
        exchange.status = 502;
        exchange.responseBody = `proxy: ${e.message}`;
        if (!res.headersSent) res.writeHead(502).end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () => closeServer(server),
  };
}

/** The exchanges as readable lines, for a failure message. */
export function describeExchanges(exchanges: Exchange[], last = 20): string {
  return exchanges
    .slice(-last)
    .map(
      (e) =>
        `${e.method} ${e.path} (${e.userAgent}) ${e.requestBody}\n  → ${e.status} ${e.responseBody}`,
    )
    .join('\n');
}
