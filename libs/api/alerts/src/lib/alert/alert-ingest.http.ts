import {
  AppConfig,
  CORRELATION_HEADER,
  RequestContext,
  unacceptableInput,
} from '@hyperion/api/core';
import type {
  AlertBatchResponse,
  AlertEventResponse,
  ApiErrorBody,
  IngestOutcome,
} from '@hyperion/contracts';
import { ALERT_ROUTES } from '@hyperion/contracts';
import { HttpException, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, STATUS_CODES } from 'node:http';

import { parseAlertmanagerAlerts, parseAlertmanagerWebhook } from '../ingest-model/alertmanager';
import type { NormalizedEvent } from '../ingest-model/normalized-event';
import { parsePagerDutyEvent } from '../ingest-model/pagerduty-event';
import { AlertIngestPipeline } from './alert-ingest-pipeline';
import { IngestCredentials, IngestSender } from './ingest-credentials';

const VALID_CORRELATION = /^[A-Za-z0-9._-]{1,64}$/;

type Route = 'events' | 'alertmanager' | 'webhook';

const ROUTES = new Map<string, Route>([
  [ALERT_ROUTES.events, 'events'],
  [ALERT_ROUTES.alertmanagerApi, 'alertmanager'],
  [ALERT_ROUTES.alertmanagerWebhook, 'webhook'],
]);

/** `512kb`, `1mb` … (BODY_LIMIT's format) in bytes. */
export function limitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!match) return 1024 * 1024;
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2].toLowerCase() as 'b' | 'kb' | 'mb'];
  return Number(match[1]) * unit;
}

/**
 * A successful answer of the ingest endpoints: status and JSON body. A plain object, not an
 * Error: one is built per request, and an Error captures a stack trace each time.
 */
class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/**
 * The ingest endpoints, served ahead of Express and Nest (the hot path: thousands of events a
 * second; Express alone caps a route at a fifth of what Node's HTTP server does here): parse,
 * authenticate (routing key or API key with alerts:ingest), rate-limit, validate naming the
 * field, hand to the group commit, answer once the events are committed. Errors use the API's
 * envelope; anything unexpected is a logged 500 with a correlation id, never a stack.
 */
@Injectable()
export class AlertIngestHttp {
  private readonly logger = new Logger('AlertIngest');
  private readonly limit: number;

  constructor(
    private readonly config: AppConfig,
    private readonly credentials: IngestCredentials,
    private readonly pipeline: AlertIngestPipeline,
  ) {
    this.limit = limitBytes(config.bodyLimit);
  }

  /**
   * Puts the ingest endpoints in front of the server's other request listeners (Express; Socket.IO
   * wraps whatever it finds the same way when it attaches).
   */
  attach(server: Server): void {
    const others = server.listeners('request') as ((
      req: IncomingMessage,
      res: ServerResponse,
    ) => void)[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const route = req.method === 'POST' ? ROUTES.get(pathOf(req.url)) : undefined;
      if (route) {
        this.serve(route, req, res);
        return;
      }
      for (const listener of others) listener.call(server, req, res);
    });
  }

  private serve(route: Route, req: IncomingMessage, res: ServerResponse): void {
    const incoming = req.headers[CORRELATION_HEADER];
    const correlationId =
      typeof incoming === 'string' && VALID_CORRELATION.test(incoming) ? incoming : randomUUID();
    const ip = this.ipOf(req);
    RequestContext.run({ correlationId, ip, userAgent: req.headers['user-agent'] ?? null }, () => {
      this.readJson(req)
        .then((body) => this.handle(route, req, body))
        .then(
          (answer) => send(res, answer.status, answer.body, correlationId),
          (error: unknown) => this.fail(res, correlationId, error),
        );
    });
  }

  private async handle(route: Route, req: IncomingMessage, body: unknown): Promise<Answer> {
    const problem = unacceptableInput(body, 'body');
    if (problem) throw new HttpException(problem, 400);
    const query = new URLSearchParams(req.url?.split('?')[1] ?? '').get('routing_key');
    const credential = credentialOf(req);
    const now = new Date();
    if (route === 'events') {
      const { routingKey, event } = parsePagerDutyEvent(body);
      const sender = await this.credentials.sender(routingKey ?? query, credential);
      this.credentials.admit(sender, 1);
      const [result] = await this.pipeline.submit(sender.organizationId, [
        this.item(sender, event),
      ]);
      const response: AlertEventResponse = {
        status: 'success',
        message:
          result.outcome === 'ignored' ? 'Event ignored: no such open alert' : 'Event processed',
        dedup_key: result.dedupKey,
        outcome: result.outcome,
      };
      return new Answer(202, response);
    }
    const events =
      route === 'alertmanager'
        ? parseAlertmanagerAlerts(body, now)
        : parseAlertmanagerWebhook(body, now);
    const sender = await this.credentials.sender(query, credential);
    this.credentials.admit(sender, events.length);
    const results = await this.pipeline.submit(
      sender.organizationId,
      events.map((e) => this.item(sender, e)),
    );
    const outcomes: Partial<Record<IngestOutcome, number>> = {};
    for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const response: AlertBatchResponse = { status: 'success', outcomes };
    return new Answer(200, response);
  }

  /** The body as JSON: at most BODY_LIMIT bytes (413), identity encoding (415), valid JSON (400). */
  private readJson(req: IncomingMessage): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const encoding = req.headers['content-encoding'];
      if (encoding && encoding !== 'identity') {
        req.resume();
        reject(
          new HttpException(`Content-Encoding ${encoding} is not supported: send plain JSON`, 415),
        );
        return;
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > this.limit) {
        req.resume();
        reject(new HttpException('Request body is larger than the allowed limit', 413));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.limit) {
          reject(new HttpException('Request body is larger than the allowed limit', 413));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('error', reject);
      req.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new HttpException('Malformed JSON in the request body', 400));
        }
      });
    });
  }

  private ipOf(req: IncomingMessage): string | null {
    if (this.config.trustProxy) {
      const forwarded = req.headers['x-forwarded-for'];
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return req.socket.remoteAddress ?? null;
  }

  private item(sender: IngestSender, event: NormalizedEvent) {
    return {
      event,
      serviceId: sender.serviceId,
      integrationId: sender.integrationId,
      by: sender.name,
    };
  }

  private fail(res: ServerResponse, correlationId: string, error: unknown): void {
    let statusCode = 500;
    let message: string | string[] = 'Internal server error';
    let retryAfter: number | undefined;
    if (error instanceof HttpException) {
      statusCode = error.getStatus();
      const response = error.getResponse();
      if (typeof response === 'string') message = response;
      else {
        const r = response as { message?: string | string[]; retryAfter?: number };
        message = r.message ?? error.message;
        retryAfter = r.retryAfter;
      }
    } else {
      this.logger.error(
        { msg: 'alert ingest failed', correlationId },
        error instanceof Error ? error.stack : String(error),
      );
    }
    const body: ApiErrorBody = {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message,
      correlationId,
    };
    send(res, statusCode, body, correlationId, retryAfter);
  }
}

/** The path of a request URL, without its query. */
function pathOf(url: string | undefined): string {
  const q = url?.indexOf('?') ?? -1;
  return q >= 0 ? (url as string).slice(0, q) : (url ?? '');
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  correlationId: string,
  retryAfter?: number,
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    [CORRELATION_HEADER]: correlationId,
    ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}),
  });
  res.end(text);
}

function credentialOf(req: IncomingMessage): string | null {
  const authorization = req.headers['authorization'];
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  const key = req.headers['x-api-key'];
  return bearer ?? (typeof key === 'string' ? key.trim() : null);
}
