import type { TestRequest } from '@angular/common/http/testing';
import type { ContactSummary, OnCallNow, OnCallShift, ScheduleSummary } from '@hyperion/contracts';
import { ON_CALL_ROUTES } from '@hyperion/contracts';

import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { latestHandoff } from './schedule-form';
import { SchedulesPage } from './schedules-page';

const contact = (id: string, name: string): ContactSummary => ({
  id,
  name,
  userId: null,
  email: `${name.toLowerCase()}@example.com`,
  phone: null,
  handles: {},
  timeZone: 'Europe/Paris',
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
});
const ALICE = contact('c-alice', 'Alice');
const BOB = contact('c-bob', 'Bob');

const OPS: ScheduleSummary = {
  id: 's-ops',
  name: 'Ops',
  description: 'Production on-call',
  timeZone: 'Europe/Paris',
  layers: [
    {
      name: 'Primary',
      rotation: 'weekly',
      handoffTime: '09:00',
      startsAt: '2026-11-30T08:00:00.000Z',
      memberIds: [ALICE.id, BOB.id],
    },
  ],
  overrides: [],
  icalUrl: '/api/v1/ical/schedules/tok.ics',
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
};

/** Far ahead so that the shift never ends while the spec runs; shown with its year. */
const ON_CALL: OnCallNow = {
  scheduleId: OPS.id,
  at: '2099-01-01T00:00:00.000Z',
  contactId: ALICE.id,
  contactName: 'Alice',
  source: 'Primary',
  shiftStart: '2098-12-29T08:00:00.000Z',
  shiftEnd: '2099-01-05T08:00:00.000Z',
};

// The first test also compiles the page, its dialogs and their Material parts: slow on a busy machine.
describe('SchedulesPage', { timeout: 30_000 }, () => {
  let page: PageHarness<SchedulesPage>;

  const onCallRequest = (): TestRequest =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === ON_CALL_ROUTES.onCall(OPS.id));

  async function open(
    schedules: ScheduleSummary[],
    held: Parameters<typeof openPage>[1] = ['notifications:read', 'notifications:write'],
  ): Promise<void> {
    page = await openPage(SchedulesPage, held);
    page.backend.expectOne(ON_CALL_ROUTES.schedules).flush(schedules);
    page.backend.expectOne(ON_CALL_ROUTES.contacts).flush([ALICE, BOB]);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('shows who is on call now by name, until when in the schedule’s zone, and why', async () => {
    await open([OPS]);
    onCallRequest().flush(ON_CALL);
    await page.stable();

    expect(page.text(`on-call-name-${OPS.id}`)).toBe('Alice');
    expect(page.text(`on-call-until-${OPS.id}`)).toBe(
      'until Mon 5 Jan 2099, 09:00 CET · Rotation “Primary”',
    );
    expect(page.text(`on-call-freshness-${OPS.id}`)).toBe('Updated just now');
    expect(page.find(`on-call-freshness-${OPS.id}`)?.getAttribute('data-stale')).toBe('false');
    expect(page.text(`schedule-card-${OPS.id}`)).toContain(
      'Primary · Weekly, hand-off 09:00: Alice, Bob',
    );
  });

  it('says plainly when nobody is on call', async () => {
    await open([OPS]);
    onCallRequest().flush({
      ...ON_CALL,
      contactId: null,
      contactName: null,
      source: null,
      shiftStart: null,
      shiftEnd: null,
    });
    await page.stable();
    expect(page.text(`on-call-nobody-${OPS.id}`)).toBe('Nobody is on call');
    expect(page.find(`on-call-name-${OPS.id}`)).toBeNull();
  });

  it('keeps the last answer but says it may be out of date when a refresh fails, until a retry works', async () => {
    await open([OPS]);
    onCallRequest().flush(ON_CALL);
    await page.stable();

    // The page's refresh asks everything again; "on call now" fails this time.
    await page.click('schedules-refresh');
    // A new answer (the test backend hands over the very object it is given).
    page.backend.expectOne(ON_CALL_ROUTES.schedules).flush([{ ...OPS }]);
    page.backend.expectOne(ON_CALL_ROUTES.contacts).flush([ALICE, BOB]);
    await page.stable();
    onCallRequest().flush(null, { status: 0, statusText: 'Unknown Error' });
    await page.stable();

    expect(page.text(`on-call-name-${OPS.id}`)).toBe('Alice');
    const freshness = page.text(`on-call-freshness-${OPS.id}`) ?? '';
    expect(freshness).toContain('May be out of date');
    expect(freshness).toContain('Could not refresh');
    expect(freshness).toContain('Cannot reach Hyperion');
    expect(page.find(`on-call-freshness-${OPS.id}`)?.getAttribute('data-stale')).toBe('true');

    await page.click(`on-call-retry-${OPS.id}`);
    onCallRequest().flush({ ...ON_CALL, contactId: BOB.id, contactName: 'Bob' });
    await page.stable();
    expect(page.text(`on-call-name-${OPS.id}`)).toBe('Bob');
    expect(page.find(`on-call-freshness-${OPS.id}`)?.getAttribute('data-stale')).toBe('false');
    expect(page.find(`on-call-retry-${OPS.id}`)).toBeNull();
  });

  it('shows the next weeks as a calendar of named bands, moved through with the arrow keys', async () => {
    await open([OPS]);
    onCallRequest().flush(ON_CALL);
    await page.click(`schedule-calendar-toggle-${OPS.id}`);

    const request = page.backend.expectOne((r) => r.url === ON_CALL_ROUTES.shifts(OPS.id));
    const from = request.request.params.get('from') ?? '';
    const to = request.request.params.get('to') ?? '';
    // Two weeks by default, from the start of today in Paris.
    expect(Date.parse(to) - Date.parse(from)).toBeGreaterThanOrEqual(14 * 86_400_000 - 3_600_000);
    const middle = new Date((Date.parse(from) + Date.parse(to)) / 2).toISOString();
    const shifts: OnCallShift[] = [
      { contactId: ALICE.id, contactName: 'Alice', source: 'Primary', start: from, end: middle },
      { contactId: BOB.id, contactName: 'Bob', source: 'Primary', start: middle, end: to },
    ];
    request.flush(shifts);
    await page.stable();

    const grid = page.find(`calendar-${OPS.id}`);
    const cells = Array.from(grid?.querySelectorAll<HTMLElement>('[role="gridcell"]') ?? []);
    expect(cells).toHaveLength(14);
    expect(cells[0].getAttribute('aria-label')).toMatch(/, today: Alice all day, on call now\.$/);
    expect(cells[0].textContent).toContain('Alice');
    expect(cells[0].textContent).toContain('Today');
    expect(cells[13].textContent).toContain('Bob');
    expect(cells.map((cell) => cell.getAttribute('tabindex'))).toEqual([
      '0',
      ...Array(13).fill('-1'),
    ]);

    cells[0].focus();
    cells[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await page.stable();
    expect(document.activeElement).toBe(cells[7]);
    expect(cells[7].getAttribute('tabindex')).toBe('0');

    // Four weeks: asked again for the longer range.
    page.find(`calendar-weeks-${OPS.id}-4`)?.querySelector('button')?.click();
    await page.stable();
    const longer = page.backend.expectOne((r) => r.url === ON_CALL_ROUTES.shifts(OPS.id));
    expect(
      Date.parse(longer.request.params.get('to') ?? '') -
        Date.parse(longer.request.params.get('from') ?? ''),
    ).toBeGreaterThanOrEqual(28 * 86_400_000 - 3_600_000);
    longer.flush([]);
    await page.stable();
    expect(page.find(`calendar-${OPS.id}`)?.querySelectorAll('[role="gridcell"]')).toHaveLength(28);
  });

  it('adds an override from now, and asks who is on call again', async () => {
    await open([OPS]);
    onCallRequest().flush(ON_CALL);
    await page.click(`schedule-overrides-toggle-${OPS.id}`);
    await page.click(`override-add-${OPS.id}`);
    await page.choose('override-contact', 'Bob');
    await page.click('override-submit');

    const request = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === ON_CALL_ROUTES.overrides(OPS.id),
    );
    const body = request.request.body as { contactId: string; start: string; end: string };
    expect(body.contactId).toBe(BOB.id);
    expect(Math.abs(Date.parse(body.start) - Date.now())).toBeLessThan(120_000);
    expect(Date.parse(body.end) - Date.parse(body.start)).toBe(12 * 3_600_000);
    request.flush({ id: 'o1', ...body });
    await page.stable();

    expect(page.find('override-form')).toBeNull();
    expect(page.text('override-o1')).toContain('Bob covers from');
    onCallRequest().flush({
      ...ON_CALL,
      contactId: BOB.id,
      contactName: 'Bob',
      source: 'override',
    });
    await page.stable();
    expect(page.text(`on-call-name-${OPS.id}`)).toBe('Bob');
    expect(page.text(`on-call-until-${OPS.id}`)).toContain('Override');
  });

  it('creates a schedule: members chosen in order, the API refusal naming the field', async () => {
    await open([]);
    expect(page.text('schedules-empty')).toContain('No on-call schedules yet.');
    await page.click('schedule-new');

    page.type('schedule-name', 'Ops');
    page.type('schedule-time-zone', 'Asia/Tokyo');
    await page.stable();
    // The new layer starts at the latest hand-off in the zone chosen: someone is on call at once.
    expect(page.find<HTMLInputElement>('layer-starts-0')?.value).toBe(
      latestHandoff('Asia/Tokyo', Date.now(), '09:00'),
    );
    page.type('schedule-time-zone', 'Europe/Paris');
    await page.click('schedule-submit');
    expect(page.text('layer-members-error-0')).toBe('Add at least one person to the rotation.');
    page.backend.expectNone((r) => r.method === 'POST');

    await page.choose('layer-members-0-add', 'Bob');
    await page.choose('layer-members-0-add', 'Alice');
    await page.click('layer-members-0-up-1');
    expect(page.text('layer-members-0-list')).toMatch(/1\.\s*Alice.*2\.\s*Bob/);
    await page.click('schedule-submit');

    const refused = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === ON_CALL_ROUTES.schedules,
    );
    const body = refused.request.body as { name: string; timeZone: string; layers: unknown[] };
    expect(body.name).toBe('Ops');
    expect(body.timeZone).toBe('Europe/Paris');
    expect(body.layers).toEqual([
      expect.objectContaining({
        name: 'Primary',
        rotation: 'weekly',
        handoffTime: '09:00',
        memberIds: [ALICE.id, BOB.id],
      }),
    ]);
    refused.flush(...refusal(400, ['layers[0].handoffTime: HH:MM (24-hour)']));
    await page.stable();
    expect(page.text('schedule-form-error')).toBe("Layer 1's hand-off time: HH:MM (24-hour)");

    await page.click('schedule-submit');
    page.backend.expectOne((r) => r.method === 'POST').flush(OPS);
    await page.stable();
    expect(page.find('schedule-form')).toBeNull();
    expect(page.find(`schedule-card-${OPS.id}`)).not.toBeNull();
    onCallRequest().flush(ON_CALL);
    await page.stable();
  });

  it('offers no changes to a user who may only read', async () => {
    await open(
      [
        {
          ...OPS,
          overrides: [
            { id: 'o1', contactId: BOB.id, start: ON_CALL.at, end: ON_CALL.shiftEnd ?? '' },
          ],
        },
      ],
      ['notifications:read'],
    );
    onCallRequest().flush(ON_CALL);
    await page.click(`schedule-overrides-toggle-${OPS.id}`);
    expect(page.text('override-o1')).toContain('Bob covers from');
    expect(page.find('schedule-new')).toBeNull();
    expect(page.find(`schedule-edit-${OPS.id}`)).toBeNull();
    expect(page.find(`schedule-delete-${OPS.id}`)).toBeNull();
    expect(page.find(`override-add-${OPS.id}`)).toBeNull();
    expect(page.find('override-delete-o1')).toBeNull();
    expect(page.find(`schedule-ical-${OPS.id}-rotate`)).toBeNull();
    expect(page.find(`schedule-ical-${OPS.id}-copy`)).not.toBeNull();
  });
});
