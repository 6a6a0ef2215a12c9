import type { Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';

const ADMIN_PASSWORD = 'e2e-admin-Passw0rd-2026';
const ALICE = 'Alice Martin';
const BOB = 'Bob Dupont';
const SCHEDULE = 'E2E primary';

/**
 * People and on-call in a real browser against the built server (issue 8, console): the admin
 * creates two contacts and a weekly schedule (Alice first, then Bob) through the pages; the
 * schedules page says Alice is on call now, until the next hand-off in the schedule's zone; the
 * calendar shows her on today; an override for Bob makes the page say Bob at once. The tests run
 * in order and share one tab.
 */
describe('On-call: contacts, schedules, who is on call (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  let scheduleId: string | undefined;

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  const text = async (selector: string) =>
    ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();

  /** Opens a mat-select and picks the option showing `label`. */
  async function choose(select: string, label: string): Promise<void> {
    await page.click(select);
    await page.click(`.mat-mdc-select-panel mat-option:has-text("${label}")`, {
      timeout: UI_TIMEOUT_MS,
    });
    await page.waitForSelector('.mat-mdc-select-panel', {
      state: 'detached',
      timeout: UI_TIMEOUT_MS,
    });
  }

  async function createContact(name: string, fields: Record<string, string>): Promise<void> {
    await page.click(byTestId('contact-new'));
    await page.waitForSelector(byTestId('contact-form'), { timeout: UI_TIMEOUT_MS });
    // The dialog focuses its first field once rendered: typing before that lands in the wrong
    // field when the focus moves (seen under load: the time zone appended to the name).
    await page.waitForFunction(
      (selector) => {
        const field = document.querySelector(selector);
        return (
          !!field && (field === document.activeElement || field.contains(document.activeElement))
        );
      },
      byTestId('contact-name'),
      { timeout: UI_TIMEOUT_MS },
    );
    // The dialog may still move the focus to its first field when its opening animation ends
    // (late under load): text typed meanwhile lands there ("Alice MartinEurope/Paris" in CI).
    // So every field is read back, and filled again while one does not hold what was typed.
    const wanted: Record<string, string> = {
      'contact-name': name,
      ...fields,
      'contact-time-zone': 'Europe/Paris',
    };
    for (let attempt = 1; ; attempt++) {
      for (const [testId, value] of Object.entries(wanted)) {
        await page.fill(byTestId(testId), value);
      }
      const held = await Promise.all(
        Object.entries(wanted).map(
          async ([testId, value]) => (await page.inputValue(byTestId(testId))) === value,
        ),
      );
      if (held.every(Boolean)) break;
      if (attempt === 3) throw new Error(`${name}: the contact form would not keep its values`);
      await page.waitForTimeout(300);
    }
    // Leaves the time zone field: its suggestions close.
    await page.press(byTestId('contact-time-zone'), 'Tab');
    await page.click(byTestId('contact-submit'));
    try {
      await page.waitForSelector(byTestId('contact-form'), {
        state: 'detached',
        timeout: UI_TIMEOUT_MS,
      });
      await page.waitForSelector(`[data-testid^="contact-row-"][data-name="${name}"]`, {
        timeout: UI_TIMEOUT_MS,
      });
    } catch (error) {
      await suite?.shot('on-call-contact-failed.png');
      const refused = await page.$(byTestId('contact-form-error'));
      throw new Error(
        `${name} was not created: ${refused ? await refused.textContent() : String(error)}`,
      );
    }
  }

  beforeAll(async () => {
    suite = await startConsoleSuite('on-call', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    page = suite.page;
  });

  afterAll(async () => {
    await suite?.close();
  });

  it('creates two contacts on the Contacts page', async () => {
    await page.goto(url('/notification-channels/contacts'));
    await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
    await page.waitForURL((u) => u.pathname === '/notification-channels/contacts', {
      timeout: UI_TIMEOUT_MS,
    });
    await page.waitForSelector(byTestId('contacts-empty'), { timeout: UI_TIMEOUT_MS });

    await createContact(ALICE, { 'contact-email': 'alice@example.com' });
    await createContact(BOB, { 'contact-phone': '+33 6 12 34 56 78' });
    const bob = await text(`[data-testid^="contact-row-"][data-name="${BOB}"]`);
    expect(bob).toContain('+33612345678');
    expect(bob).toContain('Europe/Paris');
    await suite?.shot('on-call-contacts.png');
  });

  it('saves Alice’s notification rules, and reads them back', async () => {
    const row = await page.waitForSelector(`[data-testid^="contact-row-"][data-name="${ALICE}"]`);
    const id = (await row.getAttribute('data-testid'))?.replace('contact-row-', '') ?? '';
    await page.click(byTestId(`contact-rules-${id}`));
    await page.waitForSelector(byTestId('rules-highUrgency-empty'), { timeout: UI_TIMEOUT_MS });
    expect(await text(byTestId('rules-highUrgency-empty'))).toBe(
      'No steps: Hyperion sends one email at once.',
    );
    await page.click(byTestId('rules-highUrgency-add'));
    await choose(byTestId('rules-highUrgency-kind-0'), 'Email');
    await page.click(byTestId('rules-highUrgency-add'));
    await choose(byTestId('rules-highUrgency-kind-1'), 'SMS');
    // Alice has no phone number: the step is allowed, with a warning.
    expect(await text(byTestId('rules-highUrgency-reach-1'))).toBe(`${ALICE} has no phone number.`);
    await page.click(`${byTestId('rules-quiet-enabled')} input`);
    await suite?.shot('on-call-rules.png');
    await page.click(byTestId('rules-submit'));
    await page.waitForSelector(byTestId('rules-form'), {
      state: 'detached',
      timeout: UI_TIMEOUT_MS,
    });

    await page.click(byTestId(`contact-rules-${id}`));
    await page.waitForSelector(byTestId('rules-highUrgency-delay-1'), { timeout: UI_TIMEOUT_MS });
    expect(await page.inputValue(byTestId('rules-highUrgency-delay-0'))).toBe('0');
    expect(await page.inputValue(byTestId('rules-highUrgency-delay-1'))).toBe('5');
    expect(await text(byTestId('rules-highUrgency-kind-1'))).toBe('SMS');
    expect(await page.inputValue(byTestId('rules-quiet-from'))).toBe('22:00');
    await page.keyboard.press('Escape');
    await page.waitForSelector(byTestId('rules-form'), {
      state: 'detached',
      timeout: UI_TIMEOUT_MS,
    });
  });

  it('creates a weekly schedule, Alice then Bob, on the Schedules page', async () => {
    await page.click(byTestId('notifications-tab-schedules'));
    await page.waitForURL((u) => u.pathname === '/notification-channels/schedules', {
      timeout: UI_TIMEOUT_MS,
    });
    await page.waitForSelector(byTestId('schedules-empty'), { timeout: UI_TIMEOUT_MS });

    await page.click(byTestId('schedule-new'));
    await page.waitForSelector(byTestId('schedule-form'), { timeout: UI_TIMEOUT_MS });
    await page.fill(byTestId('schedule-name'), SCHEDULE);
    await page.fill(byTestId('schedule-time-zone'), 'Europe/Paris');
    await page.press(byTestId('schedule-time-zone'), 'Tab');
    await choose(byTestId('layer-members-0-add'), ALICE);
    await choose(byTestId('layer-members-0-add'), BOB);
    expect(await text(byTestId('layer-members-0-list'))).toMatch(
      new RegExp(`1\\.\\s*${ALICE}.*2\\.\\s*${BOB}`),
    );
    // The layer starts at the latest hand-off: someone is on call at once.
    expect(await page.$(byTestId('layer-starts-later-0'))).toBeNull();
    await suite?.shot('on-call-schedule-dialog.png');
    await page.click(byTestId('schedule-submit'));
    await page.waitForSelector(byTestId('schedule-form'), {
      state: 'detached',
      timeout: UI_TIMEOUT_MS,
    });

    const card = await page.waitForSelector(
      `[data-testid^="schedule-card-"][data-name="${SCHEDULE}"]`,
      { timeout: UI_TIMEOUT_MS },
    );
    scheduleId = (await card.getAttribute('data-testid'))?.replace('schedule-card-', '');
    expect(scheduleId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows Alice on call now, until the next hand-off in the schedule’s zone', async () => {
    if (!scheduleId) throw new Error('No schedule was created');
    // A fresh load: what the page shows comes from the API, not from the dialog.
    await page.reload();
    const name = await page.waitForSelector(byTestId(`on-call-name-${scheduleId}`), {
      timeout: UI_TIMEOUT_MS,
    });
    expect(((await name.textContent()) ?? '').trim()).toBe(ALICE);
    const until = await text(byTestId(`on-call-until-${scheduleId}`));
    // e.g. "until Mon 14 Dec, 09:00 CET · Rotation “Primary”"
    expect(until).toMatch(/^until \w{3} \d{1,2} \w{3}( \d{4})?, 09:00 CES?T · Rotation “Primary”$/);
    expect(await text(byTestId(`on-call-freshness-${scheduleId}`))).toMatch(/^Updated /);
    await suite?.shot('on-call-now.png');
  });

  it('shows Alice in the calendar, on today', async () => {
    if (!scheduleId) throw new Error('No schedule was created');
    await page.click(byTestId(`schedule-calendar-toggle-${scheduleId}`));
    const grid = byTestId(`calendar-${scheduleId}`);
    await page.waitForSelector(grid, { timeout: UI_TIMEOUT_MS });
    const today = await page.waitForSelector(`${grid} [role="gridcell"][tabindex="0"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    expect((await today.textContent()) ?? '').toContain(ALICE);
    expect((await today.textContent()) ?? '').toContain('Today');
    expect((await today.getAttribute('aria-label')) ?? '').toContain(`${ALICE} `);
    expect(await text(grid)).toContain(BOB);

    // Keyboard: the grid is one tab stop, the arrow keys move by day.
    await today.focus();
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-index'));
    expect(focused).toBe('1');
    await suite?.shot('on-call-calendar.png');
  });

  it('puts Bob on call at once with an override', async () => {
    if (!scheduleId) throw new Error('No schedule was created');
    await page.click(byTestId(`schedule-overrides-toggle-${scheduleId}`));
    await page.click(byTestId(`override-add-${scheduleId}`));
    await page.waitForSelector(byTestId('override-form'), { timeout: UI_TIMEOUT_MS });
    await choose(byTestId('override-contact'), BOB);
    await page.click(byTestId('override-submit'));
    await page.waitForSelector(byTestId('override-form'), {
      state: 'detached',
      timeout: UI_TIMEOUT_MS,
    });
    await page.waitForFunction(
      ({ selector, name }) => document.querySelector(selector)?.textContent?.trim() === name,
      { selector: byTestId(`on-call-name-${scheduleId}`), name: BOB },
      { timeout: UI_TIMEOUT_MS },
    );
    expect(await text(byTestId(`on-call-until-${scheduleId}`))).toContain('Override');
    expect(suite?.pageErrors ?? []).toEqual([]);
  });
});
