import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AUDIT_ROUTES, AUTH_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { adminToken, refreshCookieOf, refreshWithCookie, startTestApp, TestApp } from './test-app';

/**
 * Malformed input answers a 4xx naming what is wrong, never a 5xx, and the same with the console
 * build served (its static fallback once turned body-parse errors into 404s).
 */
describe('malformed input, with the console served', () => {
  let t: TestApp;
  let webDir: string;
  let token: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'hyperion-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Hyperion</title>');
    t = await startTestApp({ WEB_DIST_DIR: webDir, BODY_LIMIT: '16kb' });
    token = await adminToken(t);
  });

  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const post = (path: string, body: string, type = 'application/json') =>
    request(t.url)
      .post(path)
      .set('Content-Type', type)
      .set('Authorization', `Bearer ${token}`)
      .send(body);

  it.each([
    ['malformed JSON', '{bad', 'application/json', 400, /JSON/],
    [
      'a body over BODY_LIMIT',
      JSON.stringify({ name: 'x'.repeat(20_000) }),
      'application/json',
      413,
      /larger than the allowed limit/,
    ],
    ['an unsupported charset', '{}', 'application/json; charset=klingon', 415, /charset/],
  ])(
    'answers %s with its own status in the error envelope',
    async (_name, body, type, status, message) => {
      const res = await post(AUTH_ROUTES.login, body, type);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, correlationId: expect.any(String) });
      expect(String(res.body.message)).toMatch(message);
    },
  );

  it.each([
    [
      'a NUL byte',
      { username: 'ad\u0000min', password: 'x' },
      'username must not contain NUL characters',
    ],
    [
      'a lone surrogate',
      { username: 'ad\uD800min', password: 'x' },
      'username must be valid Unicode text',
    ],
    ['null in an optional field', { username: null, password: 'x' }, 'username must not be null'],
    [
      'a NUL byte in a key',
      { ['user\u0000name']: 'a', password: 'x' },
      'must not contain NUL characters',
    ],
  ])(
    'refuses %s with 400 naming the field (login, unauthenticated)',
    async (_name, body, message) => {
      const res = await post(AUTH_ROUTES.login, JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(String(res.body.message)).toContain(message);
    },
  );

  it('refuses JSON nested 2,000 deep with 400', async () => {
    const deep = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
    const res = await request(t.url)
      .post(AUTH_ROUTES.roles)
      .set('Content-Type', 'application/json')
      .set('Authorization', `Bearer ${token}`)
      .send(deep);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('body is nested deeper than 32 levels');
  });

  it('refuses null in a body before any route sees it (once a 500 on logout)', async () => {
    const res = await post(AUTH_ROUTES.logout, JSON.stringify({ refreshToken: null }));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('refreshToken must not be null');
  });

  it('refuses NUL bytes in the query string, and a cursor beyond any row id', async () => {
    const nul = await request(t.url)
      .get(AUDIT_ROUTES.search)
      .query({ action: 'log\u0000in' })
      .set('Authorization', `Bearer ${token}`);
    expect(nul.status).toBe(400);
    expect(nul.body.message).toBe('action must not contain NUL characters');
    const huge = Buffer.from('a:9999999999999999999', 'utf8').toString('base64url');
    const cursor = await request(t.url)
      .get(AUDIT_ROUTES.search)
      .query({ cursor: huge })
      .set('Authorization', `Bearer ${token}`);
    expect(cursor.status).toBe(400);
  });

  it('answers tokens with Cache-Control: no-store, and a CSP that connects to its own origin only', async () => {
    const login = await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: 'admin', password: 'test-admin-password-0123' });
    expect(login.status).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const refresh = await refreshWithCookie(t, refreshCookieOf(login));
    expect(refresh.status).toBe(200);
    expect(refresh.headers['cache-control']).toBe('no-store');
    const page = await request(t.url).get('/').set('Accept', 'text/html');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['content-security-policy']).not.toMatch(/connect-src[^;]*ws:/);
  });
});
