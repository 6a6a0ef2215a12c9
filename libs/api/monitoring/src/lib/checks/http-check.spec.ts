import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runCheck } from './run-check';

const options = { timeoutMs: 2000, state: null };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('http check', () => {
  const server = createServer((req, res) => {
    switch (req.url) {
      case '/ok':
        return res.end('service ready');
      case '/fail':
        return res.writeHead(500).end('boom');
      case '/redirect':
        return res.writeHead(302, { location: '/ok' }).end();
      case '/json':
        return res.end(JSON.stringify({ status: { db: 'ok' }, items: [{ state: 'green' }] }));
      case '/agent':
        return res.end(req.headers['user-agent']);
      case '/big':
        // 2 MiB of filler, then the keyword: past what the check reads.
        res.write('x'.repeat(2 * 1024 * 1024));
        return res.end('needle');
      case '/hang':
        return; // headers never come
      default:
        return res.writeHead(404).end();
    }
  });
  let host: string;

  beforeAll(async () => (host = await listen(server)));
  afterAll(() => close(server));

  const check = (path: string, extra: object = {}, timeoutMs = options.timeoutMs) =>
    runCheck('http', { url: `http://${host}${path}`, ...extra }, { ...options, timeoutMs });

  it('is up on a 200, with the time to the headers', async () => {
    const run = await check('/ok');
    expect(run).toMatchObject({ up: true, message: expect.stringMatching(/^HTTP 200 in \d+ ms$/) });
    expect(run.latencyMs).toEqual(expect.any(Number));
  });

  it('is down on a 500, saying the status', async () => {
    const run = await check('/fail');
    expect(run.up).toBe(false);
    expect(run.message).toContain('HTTP 500 is not an accepted status (200-399)');
  });

  it('does not follow redirects: a 302 is judged as a status', async () => {
    expect((await check('/redirect')).message).toMatch(/^HTTP 302 in/);
    const strict = await check('/redirect', { acceptedStatuses: ['200-299'] });
    expect(strict).toMatchObject({ up: false, message: expect.stringContaining('HTTP 302') });
    expect((await check('/redirect', { acceptedStatuses: ['200', '302'] })).up).toBe(true);
  });

  it('finds a keyword in the body, or says it is missing', async () => {
    expect((await check('/ok', { keyword: 'ready' })).up).toBe(true);
    const missing = await check('/ok', { keyword: 'Ready' });
    expect(missing).toMatchObject({
      up: false,
      message: expect.stringContaining('keyword "Ready" not found'),
    });
  });

  it('sends its user agent', async () => {
    expect((await check('/agent', { keyword: 'Hyperion-Monitor/1.0' })).up).toBe(true);
  });

  it('reads at most 1 MiB of the body', async () => {
    const run = await check('/big', { keyword: 'needle' });
    expect(run).toMatchObject({
      up: false,
      message: expect.stringContaining('not found in the first 1 MiB'),
    });
  });

  it('compares a JSON value at a dotted path, array indexes included', async () => {
    const ok = await check('/json', { jsonPath: 'status.db', jsonEquals: 'ok' });
    expect(ok).toMatchObject({ up: true, message: expect.stringContaining('status.db = ok') });
    const other = await check('/json', { jsonPath: 'items.0.state', jsonEquals: 'red' });
    expect(other).toMatchObject({
      up: false,
      message: expect.stringContaining('JSON items.0.state is green, expected red'),
    });
    const absent = await check('/json', { jsonPath: 'status.cache', jsonEquals: 'ok' });
    expect(absent).toMatchObject({
      up: false,
      message: expect.stringContaining('status.cache not found'),
    });
  });

  it('is down within the timeout when the server never answers', async () => {
    const start = Date.now();
    const run = await check('/hang', {}, 300);
    expect(run).toEqual({ up: false, latencyMs: null, message: 'no answer within 300 ms' });
    expect(Date.now() - start).toBeLessThan(300 + 150);
  });

  it('names the field of a target it cannot use', async () => {
    const run = await runCheck('http', { url: 'ftp://x' }, options);
    expect(run).toMatchObject({ up: false, message: 'url: expected an http:// or https:// URL' });
  });
});

describe('http check over TLS (self-signed certificate, 5 days)', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hyperion-tls-'));
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync(
      '/usr/bin/openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '5',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    server = createTlsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) =>
      res.end('ok'),
    );
    url = `https://${await listen(server)}/`;
  });
  afterAll(async () => {
    await close(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is down without ignoreTls, saying why', async () => {
    const run = await runCheck('http', { url }, options);
    expect(run).toMatchObject({ up: false, message: 'TLS: self-signed certificate' });
  });

  it('is up with ignoreTls, still reporting the days left', async () => {
    const run = await runCheck('http', { url, ignoreTls: true }, options);
    expect(run).toMatchObject({
      up: true,
      message: expect.stringMatching(/^HTTP 200 in \d+ ms, certificate expires in [45] days$/),
    });
  });

  it('is down when the certificate has fewer days left than certificateMinDays', async () => {
    const run = await runCheck('http', { url, ignoreTls: true, certificateMinDays: 30 }, options);
    expect(run).toMatchObject({
      up: false,
      message: expect.stringMatching(/^TLS certificate expires in [45] days \(minimum 30\)$/),
    });
  });
});
