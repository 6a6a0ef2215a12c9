import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The workspace root (this file is apps/web-e2e/src/support/paths.ts). */
export const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** The built API and console, as `nx build api` / `nx build web` leave them. */
export const API_MAIN = join(WORKSPACE_ROOT, 'dist', 'apps', 'api', 'main.js');
export const WEB_DIST_DIR = join(WORKSPACE_ROOT, 'dist', 'apps', 'web', 'browser');

/** Debian's Chromium; the suite never lets a tool download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where the suite leaves its screenshots (tmp/ is gitignored). */
export const ARTIFACTS_DIR = join(WORKSPACE_ROOT, 'tmp', 'e2e');

/** Fails with one message naming every missing prerequisite and how to get it. */
export function assertPrerequisites(): void {
  const missing: string[] = [];
  if (!existsSync(API_MAIN)) {
    missing.push(`${API_MAIN} is missing: build the API first (npx nx build api)`);
  }
  if (!existsSync(join(WEB_DIST_DIR, 'index.html'))) {
    missing.push(
      `${WEB_DIST_DIR}/index.html is missing: build the console first (npx nx build web)`,
    );
  }
  if (!existsSync(CHROMIUM)) {
    missing.push(`${CHROMIUM} is missing: install it: apt-get install -y chromium`);
  }
  if (missing.length > 0) {
    throw new Error(`End-to-end prerequisites missing:\n  - ${missing.join('\n  - ')}`);
  }
}
