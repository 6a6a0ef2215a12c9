import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { createScratchDatabase, testEndpoints } from '@hyperion/api/testing';
import type { Browser, Page } from 'playwright-core';

import { launchChromium } from './browser';
import { ARTIFACTS_DIR, assertPrerequisites } from './paths';
import { RunningServer, startServer } from './server';

export interface ConsoleSuite {
  /** The suite's name: its database, Redis prefix and screenshots are named after it. */
  name: string;
  server: RunningServer;
  browser: Browser;
  /** One tab, shared by the suite's tests (and its session, the refresh cookie). */
  page: Page;
  /** Uncaught errors of the console's pages, `<url>: <message>`. */
  pageErrors: string[];
  /** `<server url><path>` */
  url(path: string): string;
  /** A full-page screenshot into the artifacts folder. */
  shot(name: string): Promise<Buffer>;
  /** Closes the browser and the server, drops the suite's database. */
  close(): Promise<void>;
}

/**
 * What a console suite starts with: the built server on a database and Redis prefix of the
 * suite's own (named `name`; it changes accounts and organisations), headless Chromium, and one
 * 1280×900 tab that records page errors.
 */
export async function startConsoleSuite(
  name: string,
  env: Record<string, string>,
): Promise<ConsoleSuite> {
  assertPrerequisites();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const scratch = await createScratchDatabase();
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer(env, {
      databaseUrl: scratch.url,
      redisPrefix: `${testEndpoints().redisPrefix}:${name}`,
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    const started = server;
    const opened = browser;
    return {
      name,
      server: started,
      browser: opened,
      page,
      pageErrors,
      url: (path) => `${started.url}${path}`,
      shot: (file) => page.screenshot({ path: join(ARTIFACTS_DIR, file), fullPage: true }),
      close: async () => {
        await opened.close();
        await started.stop();
        await scratch.drop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.stop();
    await scratch.drop();
    throw error;
  }
}

/**
 * Runs one step of a suite's test; when it fails, a screenshot `<suite>-<step>-failed.png` is
 * taken first (the suite may not have started: then only the error).
 */
export async function suiteStep(
  suite: ConsoleSuite | undefined,
  name: string,
  run: () => Promise<void>,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    await suite?.shot(`${suite.name}-${name}-failed.png`).catch(() => undefined);
    throw error;
  }
}
