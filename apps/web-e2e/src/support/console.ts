import { execFileSync } from 'node:child_process';

import type { Page } from 'playwright-core';

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

/**
 * Logs out through the user menu; resolves on the login page once the API answered the logout
 * (the console shows the login page at once and tells the API meanwhile).
 */
export async function signOut(page: Page): Promise<void> {
  await page.click(byTestId('user-menu'));
  const answered = page.waitForResponse((response) =>
    response.url().endsWith('/api/v1/auth/logout'),
  );
  await page.click(byTestId('menu-logout'));
  await answered;
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

/**
 * An access token of the session this page is signed in with (null when it is not). The console
 * keeps its own in memory only and the refresh token is an HttpOnly cookie, so the page asks the
 * API for one as the console would: a refresh with the cookie and the CSRF header (the browser
 * keeps the rotated cookie; the console's token stays valid, it is the same session).
 */
export function sessionAccessToken(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    const response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'x-hyperion-csrf': '1' },
    });
    return response.ok ? ((await response.json()) as { accessToken: string }).accessToken : null;
  });
}

/**
 * For a page just opened or reloaded: signs in when the console asks (no session in this browser
 * context yet), or resolves at once when it is already signed in (the session of the refresh
 * cookie, shared by the context's tabs). Resolves once the console shows the user's name.
 */
export async function signInIfAsked(page: Page, credentials: Credentials): Promise<void> {
  const shown = await page.waitForSelector(
    `${byTestId('login-form')}, ${byTestId('current-user-name')}`,
    { timeout: UI_TIMEOUT_MS },
  );
  if ((await shown.getAttribute('data-testid')) === 'login-form') {
    await signIn(page, credentials);
  }
}
