import type { TestRequest } from '@angular/common/http/testing';
import type { ContactSummary, PageSummary, ScheduleSummary } from '@hyperion/contracts';
import { ON_CALL_ROUTES } from '@hyperion/contracts';

import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { PagesPage } from './pages-page';

const ALICE: ContactSummary = {
  id: 'c-alice',
  name: 'Alice',
  userId: null,
  email: 'alice@example.com',
  phone: null,
  handles: {},
  timeZone: 'Europe/Paris',
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
};

const OPS: ScheduleSummary = {
  id: 's-ops',
  name: 'Ops',
  description: '',
  timeZone: 'Europe/Paris',
  layers: [],
  overrides: [],
  icalUrl: '/api/v1/ical/schedules/tok.ics',
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
};

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const minutesAhead = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const PAGE: PageSummary = {
  id: 'p-1',
  contactId: ALICE.id,
  contactName: 'Alice',
  scheduleId: OPS.id,
  urgency: 'high',
  state: 'notifying',
  title: 'Database down',
  summary: '',
  severity: 'critical',
  service: 'PostgreSQL',
  dedupKey: null,
  steps: [
    {
      step: 0,
      delayMinutes: 0,
      kind: 'email',
      dueAt: minutesAgo(2),
      state: 'sent',
      deliveryId: 'd-1',
      reason: null,
      doneAt: minutesAgo(2),
    },
    {
      step: 1,
      delayMinutes: 30,
      kind: 'sms',
      dueAt: minutesAhead(28),
      state: 'scheduled',
      deliveryId: null,
      reason: null,
      doneAt: null,
    },
  ],
  createdAt: minutesAgo(2),
  acknowledgedAt: null,
  acknowledgedBy: null,
};

const FORBIDDEN_ACK = 'You may only acknowledge your own pages without notifications:write';

// The first test also compiles the page, its dialog and their Material parts: slow on a busy machine.
describe('PagesPage', { timeout: 30_000 }, () => {
  let page: PageHarness<PagesPage>;

  /** The words of a state chip (its mark is only a shape). */
  const stateText = (testId: string) =>
    page.find(testId)?.querySelector('.label')?.textContent?.trim();

  const pagesRequest = (): TestRequest =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === ON_CALL_ROUTES.pages);

  async function open(
    pages: PageSummary[],
    held: Parameters<typeof openPage>[1] = ['notifications:read', 'notifications:write'],
  ): Promise<TestRequest> {
    page = await openPage(PagesPage, held);
    const first = pagesRequest();
    const asked = first.request.params;
    first.flush(pages);
    page.backend.expectOne(ON_CALL_ROUTES.schedules).flush([OPS]);
    if (held.includes('notifications:write')) {
      page.backend.expectOne(ON_CALL_ROUTES.contacts).flush([ALICE]);
    }
    await page.stable();
    expect(asked.get('limit')).toBe('100');
    return first;
  }

  afterEach(() => {
    vi.useRealTimers();
    page.destroy();
  });

  it('shows the notifying pages by default: who, what, its state in words and each step', async () => {
    const first = await open([PAGE]);
    expect(first.request.params.get('state')).toBe('notifying');

    expect(page.text(`page-card-${PAGE.id}`)).toContain('Alice');
    expect(page.text(`page-title-${PAGE.id}`)).toBe('Database down');
    expect(stateText(`page-state-${PAGE.id}`)).toBe('Notifying');
    expect(page.text(`page-meta-${PAGE.id}`)).toContain(
      'Critical severity · High urgency · PostgreSQL · on call on Ops · paged',
    );
    expect(page.text(`page-step-${PAGE.id}-0`)).toMatch(
      /^At once · Email · sent at \d\d:\d\d \S+ · Delivery of step 1 to Alice$/,
    );
    expect(page.text(`page-step-${PAGE.id}-1`)).toMatch(
      /^After 30 min · SMS · scheduled at (\w{3} \d+ \w{3}, )?\d\d:\d\d \S+$/,
    );
    const link = page.find<HTMLAnchorElement>(`page-step-delivery-${PAGE.id}-0`);
    expect(link?.getAttribute('href')).toMatch(/\/deliveries\?delivery=d-1$/);
    expect(page.find(`page-step-delivery-${PAGE.id}-1`)).toBeNull();
    expect(page.text('pages-freshness')).toBe('Updated just now');
    expect(page.find('pages-freshness')?.getAttribute('data-stale')).toBe('false');
  });

  it('filters by state: another state is asked for, and the old list is not shown as its answer', async () => {
    await open([PAGE]);

    page.find('pages-state-acknowledged')?.querySelector('button')?.click();
    await page.stable();
    const acknowledged = pagesRequest();
    expect(acknowledged.request.params.get('state')).toBe('acknowledged');
    expect(page.find(`page-card-${PAGE.id}`)).toBeNull();
    acknowledged.flush([]);
    await page.stable();
    expect(page.text('pages-empty')).toBe('No acknowledged pages.');

    page.find('pages-state-all')?.querySelector('button')?.click();
    await page.stable();
    const all = pagesRequest();
    expect(all.request.params.has('state')).toBe(false);
    all.flush([{ ...PAGE, state: 'exhausted' }]);
    await page.stable();
    expect(stateText(`page-state-${PAGE.id}`)).toBe('Nobody acknowledged');
  });

  it('shows the API’s refusal of an acknowledgement, then acknowledges', async () => {
    // Anyone who may read sees the button: the API decides (the paged person may acknowledge).
    await open([PAGE], ['notifications:read']);
    expect(page.find('page-new')).toBeNull();

    await page.click(`page-ack-${PAGE.id}`);
    const refused = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === ON_CALL_ROUTES.pageAcknowledge(PAGE.id),
    );
    refused.flush(...refusal(403, FORBIDDEN_ACK));
    await page.stable();
    const error = page.find(`page-ack-error-${PAGE.id}`);
    expect(error?.getAttribute('role')).toBe('alert');
    expect(page.text(`page-ack-error-${PAGE.id}`)).toBe(`Not acknowledged: ${FORBIDDEN_ACK}`);
    expect(stateText(`page-state-${PAGE.id}`)).toBe('Notifying');

    await page.click(`page-ack-${PAGE.id}`);
    expect(page.find(`page-ack-error-${PAGE.id}`)).toBeNull();
    page.backend
      .expectOne((r) => r.url === ON_CALL_ROUTES.pageAcknowledge(PAGE.id))
      .flush({
        ...PAGE,
        state: 'acknowledged',
        acknowledgedAt: new Date().toISOString(),
        acknowledgedBy: 'u-me',
        steps: [PAGE.steps[0], { ...PAGE.steps[1], state: 'cancelled', reason: 'acknowledged' }],
      });
    await page.stable();
    expect(stateText(`page-state-${PAGE.id}`)).toBe('Acknowledged');
    expect(page.text(`page-state-detail-${PAGE.id}`)).toMatch(/^Acknowledged at .+ by you\.$/);
    expect(page.text(`page-step-${PAGE.id}-1`)).toBe(
      'After 30 min · SMS · cancelled: acknowledged first',
    );
    expect(page.find(`page-ack-${PAGE.id}`)).toBeNull();
  });

  it('keeps the list but says it may be out of date when a refresh fails, until a retry works', async () => {
    await open([PAGE]);
    await page.click('pages-refresh');
    pagesRequest().flush(null, { status: 0, statusText: 'Unknown Error' });
    await page.stable();

    expect(page.text(`page-title-${PAGE.id}`)).toBe('Database down');
    const freshness = page.text('pages-freshness') ?? '';
    expect(freshness).toContain('May be out of date');
    expect(freshness).toContain('Could not refresh');
    expect(freshness).toContain('Cannot reach Hyperion');
    expect(page.find('pages-freshness')?.getAttribute('data-stale')).toBe('true');

    await page.click('pages-retry');
    pagesRequest().flush([]);
    await page.stable();
    expect(page.find('pages-freshness')?.getAttribute('data-stale')).toBe('false');
    expect(page.find('pages-retry')).toBeNull();
    expect(page.text('pages-empty')).toBe('Nobody is being paged right now.');
  });

  it('asks again every 15 seconds', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'Date'] });
    await open([]);
    vi.advanceTimersByTime(14_000);
    await page.stable();
    page.backend.expectNone((r) => r.url === ON_CALL_ROUTES.pages);

    vi.advanceTimersByTime(1_000);
    await page.stable();
    pagesRequest().flush([PAGE]);
    await page.stable();
    expect(page.find(`page-card-${PAGE.id}`)).not.toBeNull();
  });

  it('pages a contact from the dialog and shows the new page; a dedup key used before pages nobody again', async () => {
    await open([]);
    await page.click('page-new');
    await page.choose('page-target', 'Alice');
    page.type('page-title', 'Database down');
    page.type('page-service', 'PostgreSQL');
    await page.click('page-submit');

    const created = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === ON_CALL_ROUTES.pages,
    );
    expect(created.request.body).toEqual({
      contactId: ALICE.id,
      urgency: 'high',
      severity: 'critical',
      title: 'Database down',
      service: 'PostgreSQL',
    });
    created.flush(PAGE, { status: 201, statusText: 'Created' });
    await page.stable();
    expect(page.text('page-result-text')).toContain('Alice is being notified');
    expect(stateText('page-result-state')).toBe('Notifying');
    await page.click('page-result-close');
    expect(page.find('page-result')).toBeNull();
    expect(page.find(`page-card-${PAGE.id}`)).not.toBeNull();

    await page.click('page-new');
    await page.choose('page-target', 'Ops');
    page.type('page-title', 'Database down');
    page.type('page-dedup-key', 'db-down');
    await page.click('page-submit');
    const again = page.backend.expectOne((r) => r.method === 'POST');
    expect(again.request.body).toMatchObject({ scheduleId: OPS.id, dedupKey: 'db-down' });
    again.flush({ ...PAGE, dedupKey: 'db-down' }, { status: 200, statusText: 'OK' });
    await page.stable();
    expect(page.text('page-result-text')).toBe(
      'A page with the dedup key “db-down” already exists: nobody was paged again. Here it is.',
    );
  });

  it('shows the refusal of a page in words, naming the field', async () => {
    await open([]);
    await page.click('page-new');
    await page.click('page-submit');
    page.backend.expectNone((r) => r.method === 'POST');

    await page.choose('page-target', 'Ops');
    page.type('page-title', 'Database down');
    await page.click('page-submit');
    page.backend
      .expectOne((r) => r.method === 'POST')
      .flush(...refusal(409, 'scheduleId: nobody is on call on this schedule now'));
    await page.stable();
    expect(page.text('page-form-error')).toBe(
      'The schedule: nobody is on call on this schedule now',
    );
  });
});
