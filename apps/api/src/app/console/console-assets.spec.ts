import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { IncomingHttpHeaders, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';

import express from 'express';
import request from 'supertest';

import { IMMUTABLE, REVALIDATE, SHORT, consoleAssets } from './console-assets';

/** A console build in miniature: hashed code, a fixed-name icon, index.html. */
function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'console-assets-'));
  const code = `export const answer = ${JSON.stringify('x'.repeat(50))};\n`.repeat(200);
  writeFileSync(join(root, 'main-ABCD1234.js'), code);
  writeFileSync(join(root, 'tiny-ZZZZ9999.js'), 'export {};\n');
  writeFileSync(
    join(root, 'favicon.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(2000)}</svg>`,
  );
  writeFileSync(
    join(root, 'index.html'),
    `<!doctype html><html><head><script src="main-ABCD1234.js" type="module"></script></head><body>${'<!-- -->'.repeat(300)}</body></html>`,
  );
  return root;
}

function app(root: string) {
  const server = express();
  server.use(consoleAssets({ root, excluded: (path) => /^\/(api|health)(\/|$)/.test(path) }));
  server.use((_req, res) => res.status(404).json({ statusCode: 404 }));
  return server;
}

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent (supertest would decompress them). */
  body: Buffer;
}

/** GET `path` from `server` with `encoding` accepted, over a real socket, body undecoded. */
async function raw(server: express.Express, path: string, encoding: string): Promise<RawAnswer> {
  const listening = createServer(server).listen(0, '127.0.0.1');
  await new Promise((resolve) => listening.once('listening', resolve));
  const { port } = listening.address() as AddressInfo;
  try {
    return await new Promise<RawAnswer>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      }).on('error', reject);
    });
  } finally {
    await new Promise((resolve) => listening.close(resolve));
  }
}

describe('consoleAssets (serving the built console)', () => {
  let root: string;

  beforeEach(() => {
    root = fakeBuild();
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('sends brotli when accepted, gzip otherwise, with Vary and a year of immutable caching for hashed files', async () => {
    const original = statSync(join(root, 'main-ABCD1234.js')).size;

    // As Chromium asks: gzip first, brotli later, same weight.
    const br = await raw(app(root), '/main-ABCD1234.js', 'gzip, deflate, br, zstd');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(Number(br.headers['content-length'])).toBeLessThan(original / 10);
    expect(brotliDecompressSync(br.body).length).toBe(original);

    const gz = await raw(app(root), '/main-ABCD1234.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).length).toBe(original);

    const plain = await raw(app(root), '/main-ABCD1234.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBe(original);
  });

  it('keeps the compressed forms beside the files for the next start, and uses fresh ones only', async () => {
    await request(app(root)).get('/main-ABCD1234.js').set('Accept-Encoding', 'br');
    const stored = statSync(join(root, 'main-ABCD1234.js.br'));
    expect(stored.size).toBeGreaterThan(0);

    // A stale .br (older than the file) is made again, not served.
    writeFileSync(join(root, 'main-ABCD1234.js'), 'export const changed = 1;\n'.repeat(100));
    utimesSync(join(root, 'main-ABCD1234.js.br'), new Date(0), new Date(0));
    const again = await raw(app(root), '/main-ABCD1234.js', 'br');
    expect(brotliDecompressSync(again.body).toString()).toContain('changed');
  });

  it('makes index.html revalidate every time, for / and for every route of the app', async () => {
    for (const path of ['/', '/index.html', '/admin/users', '/no-access?from=%2Faudit']) {
      const response = await request(app(root)).get(path).set('Accept-Encoding', 'gzip, br');
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe(REVALIDATE);
      expect(response.headers['content-type']).toMatch(/html/);
      expect(response.headers['content-encoding']).toBe('br');
    }
    const first = await request(app(root)).get('/').set('Accept-Encoding', 'br');
    const revalidated = await request(app(root))
      .get('/')
      .set('Accept-Encoding', 'br')
      .set('If-None-Match', String(first.headers['etag']));
    expect(revalidated.status).toBe(304);
  });

  it('caches fixed-name files briefly, and sends files that would not shrink as they are', async () => {
    const icon = await request(app(root)).get('/favicon.svg').set('Accept-Encoding', 'br');
    expect(icon.headers['cache-control']).toBe(SHORT);
    expect(icon.headers['content-type']).toMatch(/svg/);

    const tiny = await request(app(root)).get('/tiny-ZZZZ9999.js').set('Accept-Encoding', 'br');
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('leaves the API, missing files and paths outside the build to the next handler', async () => {
    expect((await request(app(root)).get('/api/v1/nothing')).status).toBe(404);
    expect((await request(app(root)).get('/health/x')).status).toBe(404);
    expect((await request(app(root)).get('/chunk-GONE0000.js')).status).toBe(404);
    expect((await request(app(root)).get('/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await request(app(root)).post('/admin/users')).status).toBe(404);
  });
});
