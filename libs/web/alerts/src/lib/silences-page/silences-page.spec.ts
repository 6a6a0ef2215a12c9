import type { SilenceSummary } from '@hyperion/contracts';
import { ALERT_ROUTES } from '@hyperion/contracts';

import { PageHarness, openPage, refusal } from '../config-shared/testing/page-harness';
import { SilencesPage } from './silences-page';

const silence = (patch: Partial<SilenceSummary>): SilenceSummary => ({
  id: 'x',
  comment: 'Upgrade',
  matchers: [{ name: 'service', op: '=', value: 'Database' }],
  startsAt: '2026-12-07T08:00:00.000Z',
  endsAt: '2026-12-07T12:00:00.000Z',
  recurrence: null,
  status: 'active',
  createdBy: 'ada',
  createdAt: '2026-12-07T08:00:00.000Z',
  ...patch,
});
const NOW = silence({ id: 'm-now', comment: 'Database upgrade' });
const SUNDAYS = silence({
  id: 'm-sun',
  status: 'pending',
  comment: 'Weekly backup',
  recurrence: {
    rrule: 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0',
    durationMinutes: 120,
    timeZone: 'Europe/Paris',
  },
});
const OLD = silence({ id: 'm-old', status: 'expired', comment: 'Last week' });

describe('SilencesPage', { timeout: 30_000 }, () => {
  let page: PageHarness<SilencesPage>;

  async function open(list: SilenceSummary[], held: Parameters<typeof openPage>[1] = undefined) {
    page = await openPage(SilencesPage, held);
    page.backend.expectOne(ALERT_ROUTES.silences).flush(list);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('shows the active ones first, the others by filter, status and windows in words', async () => {
    await open([NOW, SUNDAYS, OLD]);
    expect(page.text('silences-filter-active')).toBe('Active (1)');
    expect(page.text(`silence-status-${NOW.id}`)).toBe('Active: silencing now');
    expect(page.text(`silence-matchers-${NOW.id}`)).toBe('service="Database"');
    expect(page.find(`silence-row-${SUNDAYS.id}`)).toBeNull();

    await page.click('silences-filter-pending');
    expect(page.text(`silence-status-${SUNDAYS.id}`)).toBe('Pending: starts later');
    expect(page.text(`silence-recurrence-${SUNDAYS.id}`)).toBe(
      'Every Sunday at 02:00 for 2 h (Europe/Paris)',
    );
    await page.click('silences-filter-expired');
    expect(page.find(`silence-expire-${OLD.id}`)).toBeNull();
  });

  it('creates a recurring silence and sends exactly the matchers, window and rule chosen', async () => {
    await open([]);
    expect(page.text('silences-empty')).toContain('No active silence');
    await page.click('silence-new');
    page.type('silence-matchers-name-0', 'env');
    page.type('silence-matchers-value-0', 'staging');
    page.type('silence-starts', '2026-12-07T10:00');
    await page.click('silence-duration-240');
    expect(page.find<HTMLInputElement>('silence-ends')?.value).toBe('2026-12-07T14:00');
    await page.click('silence-submit');
    expect(page.text('silence-comment-error')).toBe('Say why alerts are silenced.');
    page.backend.expectNone((r) => r.method === 'POST');

    page.type('silence-comment', 'Staging rebuild');
    await page.check('silence-recurring');
    expect(page.text('silence-rrule')).toBe('FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0');
    page.type('silence-zone', 'Europe/Paris');
    await page.stable();
    await page.click('silence-submit');

    const request = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === ALERT_ROUTES.silences,
    );
    expect(request.request.body).toEqual({
      comment: 'Staging rebuild',
      matchers: [{ name: 'env', op: '=', value: 'staging' }],
      startsAt: new Date(2026, 11, 7, 10, 0).toISOString(),
      endsAt: new Date(2026, 11, 7, 14, 0).toISOString(),
      recurrence: {
        rrule: 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0',
        durationMinutes: 120,
        timeZone: 'Europe/Paris',
      },
    });
    request.flush(...refusal(400, ['endsAt: must be in the future']));
    await page.stable();
    expect(page.text('silence-ends-error')).toBe('Must be in the future.');
  });

  it('refuses an end before the start', async () => {
    await open([]);
    await page.click('silence-new');
    page.type('silence-starts', '2026-12-07T10:00');
    page.type('silence-ends', '2026-12-07T09:00');
    await page.stable();
    expect(page.text('silence-order-error')).toBe('The end must come after the start.');
  });

  it('expires a silence after a confirmation, and offers nothing to a reader', async () => {
    await open([NOW]);
    await page.click(`silence-expire-${NOW.id}`);
    expect(page.text('silence-expire-dialog')).toContain('service="Database" will page again');
    await page.click('silence-expire-dialog-confirm');
    page.backend
      .expectOne((r) => r.method === 'DELETE' && r.url === ALERT_ROUTES.silence(NOW.id))
      .flush(null, { status: 204, statusText: 'No Content' });
    await page.stable();
    expect(page.find(`silence-row-${NOW.id}`)).toBeNull();
    expect(page.text('silences-filter-expired')).toBe('Expired (1)');
    page.destroy();

    await open([NOW], ['alerts:read']);
    expect(page.find('silence-new')).toBeNull();
    expect(page.find(`silence-expire-${NOW.id}`)).toBeNull();
  });
});
