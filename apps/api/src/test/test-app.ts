import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';

import { AppConfig } from '@hyperion/api/core';
import { TcpProxy, testConfig, testEndpoints } from '@hyperion/api/testing';
import { NestExpressApplication } from '@nestjs/platform-express';

import {
  AUTH_ROUTES,
  CSRF_HEADER,
  REFRESH_COOKIE,
  ServerToClientEvents,
  SOCKET_PATH,
  TokenPair,
} from '@hyperion/contracts';
import { Client } from 'pg';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';

import { createApp } from '../app/create-app';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  /** Proxies between the app and this run's PostgreSQL / Redis: stop one to "stop" the server. */
  database: TcpProxy;
  redis: TcpProxy;
  close(): Promise<void>;
}

/** The first `admin` account's password in the run's shared database (never change it there). */
export const TEST_ADMIN_PASSWORD = 'test-admin-password-0123';

/** A Redis prefix for several instances of one deployment in a test (same run, same prefix). */
export function clusterPrefix(): string {
  return `${testEndpoints().redisPrefix}:cluster-${randomBytes(3).toString('hex')}`;
}

/**
 * The real application, listening on a free port, reaching PostgreSQL and Redis through proxies.
 * ADMIN_PASSWORD defaults to TEST_ADMIN_PASSWORD (pass `ADMIN_PASSWORD: ''` to leave it unset)
 * and the auth rate limit to a value no test reaches by accident (all tests come from 127.0.0.1).
 */
export async function startTestApp(
  overrides: Record<string, string> = {},
  options: { proxiedDatabaseUrl?: string } = {},
): Promise<TestApp> {
  const endpoints = testEndpoints();
  /** The database the proxy leads to (a scratch database of the test, or the run's). */
  const databaseUrl = options.proxiedDatabaseUrl ?? endpoints.databaseUrl;
  const database = await TcpProxy.forUrl(databaseUrl).start();
  const redis = await TcpProxy.forUrl(endpoints.redisUrl).start();
  const { ADMIN_PASSWORD = TEST_ADMIN_PASSWORD, ...rest } = overrides;
  const config = testConfig({
    DATABASE_URL: database.rewrite(databaseUrl),
    REDIS_URL: redis.rewrite(endpoints.redisUrl),
    AUTH_RATE_LIMIT: '10000',
    // Each app its own Redis prefix (its own leases, counters and socket channels), unless a
    // test starts several instances of one deployment: those pass the same REDIS_PREFIX.
    REDIS_PREFIX: `${endpoints.redisPrefix}:app-${randomBytes(3).toString('hex')}`,
    ...(ADMIN_PASSWORD ? { ADMIN_PASSWORD } : {}),
    ...rest,
  });
  const app = await createApp(config, {
    databaseUrl: config.databaseUrl ?? '',
    embeddedDatabase: false,
    redisUrl: config.redisUrl,
  });
  await app.listen(0, '127.0.0.1');
  return {
    app,
    config,
    url: await app.getUrl(),
    database,
    redis,
    close: async () => {
      // Reconnect first, so shutdown does not wait on dead links.
      await database.start();
      await redis.start();
      await app.close();
      await database.stop();
      await redis.stop();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in with a password (no 2FA); fails the test unless the API answers 200 with tokens. */
export async function loginAs(
  t: Pick<TestApp, 'url'>,
  username: string,
  password: string,
): Promise<TokenPair> {
  const res = await request(t.url).post(AUTH_ROUTES.login).send({ username, password });
  if (res.status !== 200 || !res.body.accessToken) {
    throw new Error(`login as ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body as TokenPair;
}

/** A session as a browser holds it: the access token (memory) and the refresh cookie. */
export interface BrowserSession extends TokenPair {
  /** `hyperion_refresh=<token>`, ready for a `Cookie` header. */
  cookie: string;
}

/** The `hyperion_refresh=<token>` pair a response set (null when it set none, or cleared it). */
export function refreshCookieOf(res: { headers: Record<string, unknown> }): string | null {
  const raw = res.headers['set-cookie'];
  const cookies = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  for (const cookie of cookies) {
    const pair = cookie.split(';')[0];
    if (pair.startsWith(`${REFRESH_COOKIE}=`) && pair.length > REFRESH_COOKIE.length + 1) {
      return pair;
    }
  }
  return null;
}

/** Logs in with a password (no 2FA) and keeps the refresh cookie, as the console does. */
export async function loginSession(
  t: Pick<TestApp, 'url'>,
  username: string,
  password: string,
): Promise<BrowserSession> {
  const res = await request(t.url).post(AUTH_ROUTES.login).send({ username, password });
  const cookie = refreshCookieOf(res);
  if (res.status !== 200 || !res.body.accessToken || !cookie) {
    throw new Error(`login as ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return { ...(res.body as TokenPair), cookie };
}

/** `POST /auth/refresh` as the console sends it: the cookie and the CSRF header. */
export function refreshWithCookie(t: Pick<TestApp, 'url'>, cookie: string | null) {
  const req = request(t.url).post(AUTH_ROUTES.refresh).set(CSRF_HEADER, '1');
  return cookie ? req.set('Cookie', cookie) : req;
}

/** `POST /auth/logout` as the console sends it: the cookie, the CSRF header, the access token. */
export function logoutWithCookie(
  t: Pick<TestApp, 'url'>,
  session: { cookie: string | null; accessToken?: string },
) {
  let req = request(t.url).post(AUTH_ROUTES.logout).set(CSRF_HEADER, '1');
  if (session.cookie) req = req.set('Cookie', session.cookie);
  if (session.accessToken) req = req.set('Authorization', `Bearer ${session.accessToken}`);
  return req;
}

/** An access token of the seeded `admin` (shared database: ADMIN_PASSWORD is TEST_ADMIN_PASSWORD). */
export async function adminToken(t: TestApp): Promise<string> {
  return (await loginAs(t, 'admin', TEST_ADMIN_PASSWORD)).accessToken;
}

/**
 * Requests to the app with one bearer token (supertest): `bearer(t, token).get(path)`,
 * `.post(path, body)`, `.put`, `.patch`, `.delete`.
 */
export function bearer(t: Pick<TestApp, 'url'>, token: string) {
  const auth = `Bearer ${token}`;
  return {
    get: (path: string) => request(t.url).get(path).set('Authorization', auth),
    post: (path: string, body: object = {}) =>
      request(t.url).post(path).set('Authorization', auth).send(body),
    put: (path: string, body: object) =>
      request(t.url).put(path).set('Authorization', auth).send(body),
    patch: (path: string, body: object) =>
      request(t.url).patch(path).set('Authorization', auth).send(body),
    delete: (path: string) => request(t.url).delete(path).set('Authorization', auth),
  };
}

/** A query on the app's database (e.g. the audit_log table), on a connection of its own. */
export async function queryDb<T extends object = Record<string, unknown>>(
  t: Pick<TestApp, 'config'>,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: t.config.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A console's Socket.IO client, connected to the app (websocket only, no reconnection), sending
 * `token` in the handshake. `listen` attaches handlers before the connection, so the greeting
 * sent on connect is not missed. Rejects with the server's reason when it is refused.
 */
export async function connectClient(
  url: string,
  listen: (socket: Socket<ServerToClientEvents>) => void = () => undefined,
  token?: string,
): Promise<Socket<ServerToClientEvents>> {
  const socket: Socket<ServerToClientEvents> = io(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    ...(token === undefined ? {} : { auth: { token } }),
  });
  listen(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}
