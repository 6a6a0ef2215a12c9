import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page, Response } from 'playwright-core';

import { signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';
import { ARTIFACTS_DIR } from './support/paths';

const ADMIN_PASSWORD = 'e2e-assets-Passw0rd-2026';

/** The budget of the login page: its JavaScript as sent over the wire (compressed). */
const LOGIN_JS_BUDGET_BYTES = 200 * 1000;

/** Text only socket.io's client carries (engine.io's polling transport error). */
const SOCKET_IO_SIGNATURE = 'xhr poll error';

/** Angular's hashed output names: `<name>-<8 characters>.js`. */
const HASHED = /-[A-Z0-9]{8}\.(js|css)$/;

interface LoadedScript {
  url: string;
  status: number;
  encoding: string | undefined;
  cacheControl: string | undefined;
  /** Bytes of the body as transferred (compressed). */
  transferred: number;
  /** The decoded text. */
  text: string;
}

/** Every script a page loads while `action` runs (and the page settles). */
async function scriptsLoadedDuring(
  page: Page,
  action: () => Promise<void>,
): Promise<LoadedScript[]> {
  const responses: Response[] = [];
  const listener = (response: Response) => {
    if (response.request().resourceType() === 'script') responses.push(response);
  };
  page.on('response', listener);
  try {
    await action();
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('response', listener);
  }
  return Promise.all(
    responses.map(async (response) => {
      const text = (await response.body()).toString('utf8');
      const sizes = await response.request().sizes();
      return {
        url: response.url(),
        status: response.status(),
        encoding: (await response.allHeaders())['content-encoding'],
        cacheControl: (await response.allHeaders())['cache-control'],
        transferred: sizes.responseBodySize,
        text,
      };
    }),
  );
}

/**
 * What the built server sends a browser opening the console: compressed, cached for good when
 * hashed, index.html revalidated, and a login page light enough for a slow line — with nothing
 * of the live connection (Socket.IO) before someone signed in.
 */
describe('Console assets on the built server (headless Chromium)', () => {
  let suite: ConsoleSuite;
  const socketRequests: string[] = [];

  beforeAll(async () => {
    suite = await startConsoleSuite('assets', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    suite.page.on('request', (request) => {
      if (request.url().includes('/socket.io')) socketRequests.push(request.url());
    });
    suite.page.on('websocket', (socket) => socketRequests.push(socket.url()));
  });

  afterAll(async () => {
    await suite?.close();
  });

  it('serves index.html revalidated every time, and its scripts compressed and immutable', async () => {
    const index = await fetch(suite.url('/login'), {
      headers: { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map(
      (match) => match[1],
    );
    expect(scripts.length).toBeGreaterThan(0);

    for (const script of scripts) {
      for (const encoding of ['br', 'gzip']) {
        const response = await fetch(suite.url(`/${script.replace(/^\//, '')}`), {
          headers: { 'accept-encoding': encoding },
        });
        await response.arrayBuffer();
        expect([script, response.status]).toEqual([script, 200]);
        expect([script, response.headers.get('content-encoding')]).toEqual([script, encoding]);
        expect(response.headers.get('vary')).toBe('Accept-Encoding');
        expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      }
    }
  });

  it("keeps the login page's JavaScript within 200 KB over the wire, without Socket.IO", async () => {
    const { page } = suite;
    const loaded = await scriptsLoadedDuring(page, async () => {
      await page.goto(suite.url('/login'));
      await page.waitForSelector('[data-testid="login-form"]');
    });

    const rows = loaded.map((s) => `${s.url} ${s.encoding} ${s.transferred} B`).join('\n');
    expect(loaded.length).toBeGreaterThan(0);
    for (const script of loaded) {
      expect([script.url, script.status]).toEqual([script.url, 200]);
      expect([script.url, script.encoding]).toEqual([script.url, 'br']);
      expect(new URL(script.url).pathname).toMatch(HASHED);
      expect([script.url, script.cacheControl]).toEqual([
        script.url,
        'public, max-age=31536000, immutable',
      ]);
      expect([script.url, script.text.includes(SOCKET_IO_SIGNATURE)]).toEqual([script.url, false]);
    }
    const total = loaded.reduce((sum, script) => sum + script.transferred, 0);
    writeFileSync(
      join(ARTIFACTS_DIR, 'login-page-javascript.txt'),
      `${rows}\ntotal ${total} B over the wire (budget ${LOGIN_JS_BUDGET_BYTES} B)\n`,
    );
    // Transfer sizes are real: compressed, well below the decoded code.
    const decoded = loaded.reduce((sum, script) => sum + Buffer.byteLength(script.text), 0);
    expect(total).toBeLessThan(decoded / 2);
    if (total > LOGIN_JS_BUDGET_BYTES) {
      throw new Error(
        `The login page loads ${total} B of JavaScript (budget ${LOGIN_JS_BUDGET_BYTES}):\n${rows}`,
      );
    }
    expect(socketRequests).toEqual([]);
  });

  it('loads Socket.IO and connects only after signing in', async () => {
    const { page } = suite;
    const loaded = await scriptsLoadedDuring(page, async () => {
      await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
      await page.waitForSelector('[data-testid="live-indicator"][data-connected="true"]', {
        timeout: 20_000,
      });
    });

    const socketChunks = loaded.filter((script) => script.text.includes(SOCKET_IO_SIGNATURE));
    expect(socketChunks).toHaveLength(1);
    expect(socketChunks[0].encoding).toBe('br');
    expect(socketRequests.some((url) => new URL(url).pathname.startsWith('/api/socket.io'))).toBe(
      true,
    );
  });
});
