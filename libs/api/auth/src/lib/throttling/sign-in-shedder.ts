import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';

import { CORRELATION_HEADER } from '@hyperion/api/core';
import { type ApiErrorBody, AUTH_ROUTES } from '@hyperion/contracts';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { PasswordHasher } from '../passwords/password-hasher.service';
import { HashingBusyException } from './retry-later';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** The anonymous routes that check a password or code: what a flood of guesses aims at. */
const SIGN_IN_PATHS: ReadonlySet<string> = new Set([AUTH_ROUTES.login, AUTH_ROUTES.twoFactor]);

/**
 * Load shedding in front of the framework: while every password-hashing slot and queue place is
 * taken, a sign-in request is answered 503 + Retry-After before Express, the security headers,
 * the body parser, the guards and the exception filter run, the same answer PasswordHasher would
 * give a moment later. A flood of 100 logins then costs the event loop a few milliseconds, not
 * a few hundred, so `/health` and the console's requests, queued behind the flood's connections,
 * are still answered at once (bench/login-flood.mjs).
 *
 * Installed as the HTTP server's first `request` listener once the application has started; the
 * listeners already there (Express, and Socket.IO's, which forwards to Express) run for
 * everything else.
 */
@Injectable()
export class SignInShedder implements OnApplicationBootstrap {
  private readonly busy = new HashingBusyException();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly hasher: PasswordHasher,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    const listeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.shed(req, res)) return;
      for (const listener of listeners) listener.call(server, req, res);
    });
  }

  /** Answers 503 and returns true when `req` is a sign-in that would be refused anyway. */
  shed(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST' || !this.hasher.saturated) return false;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    if (!SIGN_IN_PATHS.has(query === -1 ? url : url.slice(0, query))) return false;
    this.hasher.noteRefusal();
    const correlationId = randomUUID();
    const body: ApiErrorBody = {
      statusCode: 503,
      error: STATUS_CODES[503] ?? 'Service Unavailable',
      message: this.busy.message,
      correlationId,
    };
    const payload = JSON.stringify(body);
    res.writeHead(503, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(payload),
      'Cache-Control': 'no-store',
      'Retry-After': String(this.busy.retryAfterSeconds),
      'X-Content-Type-Options': 'nosniff',
      [CORRELATION_HEADER]: correlationId,
    });
    res.end(payload);
    return true;
  }
}
