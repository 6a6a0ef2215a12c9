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
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

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

/**
 * The ingest endpoints, served ahead of the Nest pipeline (the hot path: thousands of events a
 * second, so no guard, interceptor or validation-pipe layers): parse, authenticate (routing key
 * or API key with alerts:ingest), rate-limit, validate naming the field, hand to the group
 * commit, answer once the events are committed. Errors use the API's envelope; anything
 * unexpected is a logged 500 with a correlation id, never a stack.
 */
@Injectable()
export class AlertIngestHttp {
  private readonly logger = new Logger('AlertIngest');
  private readonly parseJson: RequestHandler;

  constructor(
    config: AppConfig,
    private readonly credentials: IngestCredentials,
    private readonly pipeline: AlertIngestPipeline,
  ) {
    this.parseJson = json({ limit: config.bodyLimit, type: () => true });
  }

  /** Express middleware: handles POSTs to the three ingest paths, passes everything else on. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const route = req.method === 'POST' ? ROUTES.get(req.path) : undefined;
      if (!route) return next();
      const incoming = req.header(CORRELATION_HEADER);
      const correlationId = incoming && VALID_CORRELATION.test(incoming) ? incoming : randomUUID();
      res.setHeader(CORRELATION_HEADER, correlationId);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'no-store');
      this.parseJson(req, res, (error?: unknown) => {
        if (error) return this.fail(res, correlationId, error);
        RequestContext.run(
          { correlationId, ip: req.ip ?? null, userAgent: req.header('user-agent') ?? null },
          () => {
            this.handle(route, req, res).catch((e: unknown) => this.fail(res, correlationId, e));
          },
        );
      });
      void (next as NextFunction);
    };
  }

  private async handle(route: Route, req: Request, res: Response): Promise<void> {
    const body: unknown = req.body;
    const problem = unacceptableInput(body, 'body');
    if (problem) throw new HttpException(problem, 400);
    const query = typeof req.query['routing_key'] === 'string' ? req.query['routing_key'] : null;
    const now = new Date();
    if (route === 'events') {
      const { routingKey, event } = parsePagerDutyEvent(body);
      const sender = await this.credentials.sender(routingKey ?? query, credentialOf(req));
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
      res.status(202).json(response);
      return;
    }
    const events =
      route === 'alertmanager'
        ? parseAlertmanagerAlerts(body, now)
        : parseAlertmanagerWebhook(body, now);
    const sender = await this.credentials.sender(query, credentialOf(req));
    this.credentials.admit(sender, events.length);
    const results = await this.pipeline.submit(
      sender.organizationId,
      events.map((e) => this.item(sender, e)),
    );
    const outcomes: Partial<Record<IngestOutcome, number>> = {};
    for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const response: AlertBatchResponse = { status: 'success', outcomes };
    res.status(200).json(response);
  }

  private item(sender: IngestSender, event: NormalizedEvent) {
    return {
      event,
      serviceId: sender.serviceId,
      integrationId: sender.integrationId,
      by: sender.name,
    };
  }

  private fail(res: Response, correlationId: string, error: unknown): void {
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
    } else if (isParserError(error)) {
      statusCode = error.statusCode ?? error.status ?? 400;
      message =
        error.type === 'entity.too.large'
          ? 'Request body is larger than the allowed limit'
          : 'Malformed JSON in the request body';
    } else {
      this.logger.error(
        { msg: 'alert ingest failed', correlationId },
        error instanceof Error ? error.stack : String(error),
      );
    }
    if (res.headersSent) return;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    const body: ApiErrorBody = {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message,
      correlationId,
    };
    res.status(statusCode).json(body);
  }
}

function credentialOf(req: Request): string | null {
  const authorization = req.header('authorization');
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  return bearer ?? req.header('x-api-key')?.trim() ?? null;
}

function isParserError(
  e: unknown,
): e is { type?: string; status?: number; statusCode?: number; expose?: boolean } {
  return !!e && typeof e === 'object' && typeof (e as { type?: unknown }).type === 'string';
}
