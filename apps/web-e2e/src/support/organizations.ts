import type { Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId } from './console';

export interface ApiAnswer<T> {
  status: number;
  /** The parsed JSON body, or null when there is none. */
  body: T | null;
}

/** A JSON request from the page's own origin with `token`, as a script of the console would. */
export async function apiRequest<T>(
  page: Page,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  token: string | null,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  return page.evaluate(
    async ({ method, path, token, body }) => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (token) headers['Authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, token, body },
  );
}

/** The organisation name the toolbar shows. */
export async function activeOrganization(page: Page): Promise<string> {
  return ((await page.textContent(byTestId('active-organization'))) ?? '').trim();
}

/**
 * Switches organisation through the toolbar's menu; resolves once the toolbar names `name` and
 * the console shows its start page.
 */
export async function switchOrganization(page: Page, name: string): Promise<void> {
  await page.click(byTestId('org-switcher'));
  await page.click(`[data-testid^="org-option-"][data-name="${name}"]`, {
    timeout: UI_TIMEOUT_MS,
  });
  await page.waitForFunction(
    ({ selector, name }) => document.querySelector(selector)?.textContent?.trim() === name,
    { selector: byTestId('active-organization'), name },
    { timeout: UI_TIMEOUT_MS },
  );
  await page.waitForURL((u) => u.pathname === '/health', { timeout: UI_TIMEOUT_MS });
}
