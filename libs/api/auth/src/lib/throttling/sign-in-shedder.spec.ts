import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { AUTH_ROUTES } from '@hyperion/contracts';
import type { HttpAdapterHost } from '@nestjs/core';

import type { PasswordHasher } from '../passwords/password-hasher.service';
import { SignInShedder } from './sign-in-shedder';

/** A real HTTP server whose "framework" answers 299, with the shedder installed in front. */
async function serve(hasher: { saturated: boolean; refusals: number }) {
  const reached: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    reached.push(`${req.method} ${req.url}`);
    res.writeHead(299).end('framework');
  });
  const shedder = new SignInShedder(
    { httpAdapter: { getHttpServer: () => server } } as unknown as HttpAdapterHost,
    {
      get saturated() {
        return hasher.saturated;
      },
      noteRefusal: () => void hasher.refusals++,
    } as unknown as PasswordHasher,
  );
  shedder.onApplicationBootstrap();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send = (method: string, path: string) =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'POST' ? JSON.stringify({ username: 'u', password: 'p' }) : undefined,
    });
  return { server, reached, send };
}

describe('SignInShedder', () => {
  let open: Server | undefined;
  afterEach(() => new Promise((resolve) => (open ? open.close(resolve) : resolve(undefined))));

  it('answers a sign-in 503 before the framework while hashing is saturated', async () => {
    const hasher = { saturated: true, refusals: 0 };
    const { server, reached, send } = await serve(hasher);
    open = server;
    for (const path of [AUTH_ROUTES.login, `${AUTH_ROUTES.login}?next=1`, AUTH_ROUTES.twoFactor]) {
      const res = await send('POST', path);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The server is busy checking other passwords; try again in a few seconds',
        correlationId: res.headers.get('x-correlation-id'),
      });
    }
    expect(reached).toEqual([]);
    expect(hasher.refusals).toBe(3);
  });

  it('lets everything else through, and sign-ins too once a place is free', async () => {
    const hasher = { saturated: true, refusals: 0 };
    const { server, reached, send } = await serve(hasher);
    open = server;
    expect((await send('GET', '/health')).status).toBe(299);
    expect((await send('GET', AUTH_ROUTES.login)).status).toBe(299);
    expect((await send('POST', AUTH_ROUTES.password)).status).toBe(299);
    expect((await send('POST', `${AUTH_ROUTES.login}/other`)).status).toBe(299);
    hasher.saturated = false;
    expect((await send('POST', AUTH_ROUTES.login)).status).toBe(299);
    expect(reached).toHaveLength(5);
    expect(hasher.refusals).toBe(0);
  });
});
