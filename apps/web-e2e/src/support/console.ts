import { execFileSync } from 'node:child_process';

import type { Page } from 'playwright-core';

/** sessionStorage key of the access token (libs/web/auth-data `SESSION_KEYS.accessToken`). */
export const ACCESS_TOKEN_KEY = 'hyperion.accessToken';

/** How long a page or a step may take to show. */
export const UI_TIMEOUT_MS = 20_000;

export interface Credentials {
  /** Username or email. */
  login: string;
  password: string;
  /** Base32 TOTP secret of a 2FA account: its code comes from oathtool. */
  totpSecret?: string;
}

/** The TOTP codes already sent, per secret: a code is never sent twice. */
const usedCodes = new Map<string, Set<string>>();

const oathtool = (secret: string): string =>
  execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim();

/**
 * The current TOTP code of `secret`, computed by Debian's oathtool (an implementation
 * independent of the server's). Waits for the next 30 s step when the current code was used.
 */
export async function totpCode(secret: string): Promise<string> {
  const used = usedCodes.get(secret) ?? new Set<string>();
  usedCodes.set(secret, used);
  let code = oathtool(secret);
  while (used.has(code)) {
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 250));
    code = oathtool(secret);
  }
  used.add(code);
  return code;
}

/** `[data-testid="..."]` */
export const byTestId = (testId: string): string => `[data-testid="${testId}"]`;

/**
 * Signs in on the login page `page` shows (or is about to): password, then the code for a 2FA
 * account. Resolves once the console shows the user's name.
 */
export async function signIn(page: Page, credentials: Credentials): Promise<void> {
  await page.waitForSelector(byTestId('login-form'), { timeout: UI_TIMEOUT_MS });
  await page.fill(byTestId('login-identifier'), credentials.login);
  await page.fill(byTestId('login-password'), credentials.password);
  await page.click(byTestId('login-submit'));
  if (credentials.totpSecret) {
    await page.waitForSelector(byTestId('two-factor-form'), { timeout: UI_TIMEOUT_MS });
    await page.fill(byTestId('two-factor-code'), await totpCode(credentials.totpSecret));
    await page.click(byTestId('two-factor-submit'));
  }
  await page.waitForSelector(byTestId('current-user-name'), { timeout: UI_TIMEOUT_MS });
}

/** Logs out through the user menu; resolves on the login page. */
export async function signOut(page: Page): Promise<void> {
  await page.click(byTestId('user-menu'));
  await page.click(byTestId('menu-logout'));
  await page.waitForSelector(byTestId('login-form'), { timeout: UI_TIMEOUT_MS });
}

/** What `fetch` answers to the page's own origin, called with `token`. */
export async function fetchStatus(page: Page, path: string, token: string | null): Promise<number> {
  return page.evaluate(
    async ({ path, token }) => {
      const response = await fetch(path, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      return response.status;
    },
    { path, token },
  );
}

/** The access token the console keeps in this tab's sessionStorage. */
export function storedAccessToken(page: Page): Promise<string | null> {
  return page.evaluate((key) => sessionStorage.getItem(key), ACCESS_TOKEN_KEY);
}
