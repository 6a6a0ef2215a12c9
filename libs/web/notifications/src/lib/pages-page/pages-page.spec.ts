import type { TestRequest } from '@angular/common/http/testing';
import { Signal, signal } from '@angular/core';
import type {
  ContactSummary,
  PageSummary,
  ScheduleSummary,
  ServerEventName,
  ServerEventPayload,
} from '@hyperion/contracts';
import { ON_CALL_ROUTES } from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';
import { Observable, Subject } from 'rxjs';

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

/** The console's socket as the page uses it: the connection state, reconnections, page:changed. */
class FakeSocket implements Pick<SocketService, 'on' | 'reconnected$' | 'connected'> {
  readonly connectedState = signal(false);
  readonly connected: Signal<boolean> = this.connectedState;
  private readonly reconnects = new Subject<void>();
  readonly reconnected$ = this.reconnects.asObservable();
  readonly pageChanged = new Subject<PageSummary>();

  constructor(connected: boolean) {
    this.connectedState.set(connected);
  }

  on<E extends ServerEventName>(event: E): Observable<ServerEventPayload<E>> {
    if (event !== 'page:changed') throw new Error(`unexpected event ${event}`);
    return this.pageChanged.asObservable() as unknown as Observable<ServerEventPayload<E>>;
  }

  drop(): void {
    this.connectedState.set(false);
  }

  /** socket.io connected again: `connected` turns true and `reconnected$` fires at once. */
  reconnect(): void {
    this.connectedState.set(true);
    this.reconnects.next();
  }
}

const FORBIDDEN_ACK = 'You may only acknowledge your own pages without notifications:write';

// The first test also compiles the page, its dialog and their Material parts: slow on a busy machine.
describe('PagesPage', { timeout: 30_000 }, () => {
  let page: PageHarness<PagesPage>;
  let socket: FakeSocket;

  /** The words of a state chip (its mark is only a shape). */
  const stateText = (testId: string) =>
    page.find(testId)?.querySelector('.label')?.textContent?.trim();

  const pagesRequest = (): TestRequest =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === ON_CALL_ROUTES.pages);

  async function open(
    pages: PageSummary[],
    held: Parameters<typeof openPage>[1] = ['notifications:read', 'notifications:write'],
    connected = false,
  ): Promise<TestRequest> {
    socket = new FakeSocket(connected);
    page = await openPage(PagesPage, held, [{ provide: SocketService, useValue: socket }]);
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
    expect(page.text('pages-freshness')).toBe(
      'Updated just now (live updates are off: asking every 15 s)',
    );
    expect(page.find('pages-freshness')?.getAttribute('data-stale')).toBe('false');
    expect(page.find('pages-freshness')?.getAttribute('data-live')).toBe('false');
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

  describe('live', () => {
    const cardIds = () =>
      Array.from(document.querySelectorAll('[data-testid^="page-card-"]')).map((card) =>
        card.getAttribute('data-testid')?.replace('page-card-', ''),
      );
    const stepSent = (p: PageSummary, index: number): PageSummary => ({
      ...p,
      steps: p.steps.map((s, i) =>
        i === index ? { ...s, state: 'sent', deliveryId: `d-${i}`, doneAt: s.dueAt } : s,
      ),
    });
    const acknowledgedElsewhere = (p: PageSummary): PageSummary => ({
      ...p,
      state: 'acknowledged',
      acknowledgedAt: new Date().toISOString(),
      acknowledgedBy: 'u-other',
      steps: p.steps.map((s) =>
        s.state === 'scheduled' ? { ...s, state: 'cancelled', reason: 'acknowledged' } : s,
      ),
    });
    const NEWER: PageSummary = {
      ...PAGE,
      id: 'p-2',
      title: 'Disk full',
      createdAt: new Date().toISOString(),
      steps: [{ ...PAGE.steps[1], step: 0, delayMinutes: 0, dueAt: new Date().toISOString() }],
    };

    it('says "Live" while the socket is connected, asks again when it connects and reconnects', async () => {
      await open([PAGE]);
      expect(page.text('pages-freshness')).toBe(
        'Updated just now (live updates are off: asking every 15 s)',
      );

      // The first connection: what happened before it may be missing, so the list is asked for.
      socket.connectedState.set(true);
      await page.stable();
      expect(page.text('pages-freshness')).toBe('Updated just now');
      pagesRequest().flush([PAGE]);
      await page.stable();
      expect(page.text('pages-freshness')).toBe('Live: changes show as they happen');
      expect(page.find('pages-freshness')?.getAttribute('data-live')).toBe('true');
      expect(page.find('pages-freshness')?.getAttribute('data-stale')).toBe('false');

      socket.drop();
      await page.stable();
      expect(page.text('pages-freshness')).toBe(
        'Updated just now (live updates are off: asking every 15 s)',
      );
      expect(page.find('pages-freshness')?.getAttribute('data-live')).toBe('false');

      socket.reconnect();
      await page.stable();
      pagesRequest().flush([stepSent(PAGE, 1)]);
      await page.stable();
      expect(page.text('pages-freshness')).toBe('Live: changes show as they happen');
      expect(page.text(`page-step-${PAGE.id}-1`)).toMatch(/^After 30 min · SMS · sent at /);

      // Dropped and back before the page looked: the reconnection alone says so.
      socket.drop();
      socket.reconnect();
      await page.stable();
      expect(page.text('pages-freshness')).toBe('Updated just now');
      pagesRequest().flush([]);
      await page.stable();
      expect(page.text('pages-freshness')).toBe('Live: changes show as they happen');
      expect(page.text('pages-empty')).toBe('Nobody is being paged right now.');
    });

    it('still asks every 15 seconds while live', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'Date'] });
      await open([PAGE], undefined, true);
      vi.advanceTimersByTime(15_000);
      await page.stable();
      pagesRequest().flush([]);
      await page.stable();
      expect(page.text('pages-empty')).toBe('Nobody is being paged right now.');
    });

    it('applies page:changed as it arrives: a new page on top, a step that ran, one acknowledged elsewhere leaves', async () => {
      await open([PAGE], undefined, true);
      expect(page.text('pages-freshness')).toBe('Live: changes show as they happen');

      socket.pageChanged.next(NEWER);
      await page.stable();
      expect(cardIds()).toEqual(['p-2', PAGE.id]);
      expect(page.text(`page-title-p-2`)).toBe('Disk full');

      socket.pageChanged.next(stepSent(PAGE, 1));
      await page.stable();
      expect(page.text(`page-step-${PAGE.id}-1`)).toMatch(/^After 30 min · SMS · sent at /);
      expect(cardIds()).toEqual(['p-2', PAGE.id]);

      // An older copy arriving late changes nothing.
      socket.pageChanged.next(PAGE);
      await page.stable();
      expect(page.text(`page-step-${PAGE.id}-1`)).toMatch(/^After 30 min · SMS · sent at /);

      // Acknowledged by someone else: no longer "Notifying".
      socket.pageChanged.next(acknowledgedElsewhere(stepSent(PAGE, 1)));
      await page.stable();
      expect(cardIds()).toEqual(['p-2']);
      // Nor is it added back by a later change of it.
      socket.pageChanged.next(acknowledgedElsewhere(PAGE));
      await page.stable();
      expect(cardIds()).toEqual(['p-2']);
      page.backend.expectNone((r) => r.url === ON_CALL_ROUTES.pages);
    });

    it('keeps the changes that arrive while a refresh is answered', async () => {
      await open([PAGE], undefined, true);
      await page.click('pages-refresh');
      const refresh = pagesRequest();
      socket.pageChanged.next(NEWER);
      await page.stable();
      // The answer was read before the new page: it stays.
      refresh.flush([PAGE]);
      await page.stable();
      expect(cardIds()).toEqual(['p-2', PAGE.id]);
    });

    it('keeps a page acknowledged here in view, even when its event comes before the answer', async () => {
      await open([PAGE], undefined, true);
      await page.click(`page-ack-${PAGE.id}`);
      const acked = { ...acknowledgedElsewhere(PAGE), acknowledgedBy: 'u-me' };
      socket.pageChanged.next(acked);
      await page.stable();
      expect(stateText(`page-state-${PAGE.id}`)).toBe('Acknowledged');
      page.backend.expectOne((r) => r.url === ON_CALL_ROUTES.pageAcknowledge(PAGE.id)).flush(acked);
      await page.stable();
      socket.pageChanged.next(acked);
      await page.stable();
      expect(stateText(`page-state-${PAGE.id}`)).toBe('Acknowledged');
      expect(page.text(`page-state-detail-${PAGE.id}`)).toMatch(/^Acknowledged at .+ by you\.$/);
    });
  });
});
