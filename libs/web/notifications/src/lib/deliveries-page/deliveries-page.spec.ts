import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { ActivatedRoute, ParamMap, convertToParamMap } from '@angular/router';
import {
  DeliverySummary,
  NOTIFICATION_CHANNEL_ROUTES,
  NotificationChannelDetails,
} from '@hyperion/contracts';
import { BehaviorSubject } from 'rxjs';

import { DeliveriesPage } from './deliveries-page';

const CHANNEL: NotificationChannelDetails = {
  id: 'ch-1',
  name: 'Ops hook',
  kind: 'webhook',
  enabled: true,
  config: { url: 'https://hooks.example.com' },
  secrets: { signingSecret: '••••abcd' },
  counters: { delivered: 1, failed: 1 },
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
};

const delivery = (id: string, extra: Partial<DeliverySummary>): DeliverySummary => ({
  id,
  channelId: CHANNEL.id,
  channelName: CHANNEL.name,
  kind: 'webhook',
  recipient: 'hooks.example.com',
  title: 'db-1 DOWN',
  state: 'delivered',
  idempotencyKey: `key-${id}`,
  attempts: [],
  createdAt: '2026-11-22T05:41:03.000Z',
  ...extra,
});

const FAILED = delivery('d2', {
  state: 'failed',
  attempts: [
    {
      attempt: 1,
      status: 'failed',
      provider: 'webhook',
      httpStatus: 503,
      latencyMs: 31,
      error: 'HTTP 503 Service Unavailable',
      at: '2026-11-22T05:41:04.000Z',
    },
    {
      attempt: 2,
      status: 'failed',
      provider: 'webhook',
      latencyMs: 5000,
      error: 'Timed out after 5000 ms',
      at: '2026-11-22T05:41:10.000Z',
    },
  ],
  finishedAt: '2026-11-22T05:41:10.000Z',
});
const DELIVERED = delivery('d1', {
  attempts: [
    {
      attempt: 1,
      status: 'delivered',
      provider: 'webhook',
      httpStatus: 204,
      latencyMs: 12,
      at: '2026-11-22T05:41:04.000Z',
    },
  ],
});

describe('DeliveriesPage', { timeout: 30_000 }, () => {
  let fixture: ComponentFixture<DeliveriesPage>;
  let backend: HttpTestingController;
  /** The page's query parameters (a page step's link adds `delivery`). */
  let query: BehaviorSubject<ParamMap>;

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
    el().querySelector<T>(`[data-testid="${id}"]`);
  const rows = () =>
    Array.from(el().querySelectorAll('[data-testid^="delivery-row-"]')).map((row) =>
      row.getAttribute('data-testid'),
    );

  async function stable(): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }

  const deliveriesRequest = () =>
    backend.expectOne((r) => r.url === NOTIFICATION_CHANNEL_ROUTES.deliveries);

  beforeEach(async () => {
    query = new BehaviorSubject(convertToParamMap({}));
    TestBed.configureTestingModule({
      imports: [DeliveriesPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        { provide: ActivatedRoute, useValue: { queryParamMap: query } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DeliveriesPage);
    document.body.appendChild(fixture.nativeElement);
    await stable();
    const first = deliveriesRequest();
    expect(first.request.params.has('state')).toBe(false);
    expect(first.request.params.get('limit')).toBe('100');
    first.flush([FAILED, DELIVERED]);
    backend.expectOne(NOTIFICATION_CHANNEL_ROUTES.collection).flush([CHANNEL]);
    await stable();
  });

  afterEach(() => {
    try {
      backend.verify();
    } finally {
      fixture.destroy();
      (fixture.nativeElement as HTMLElement).remove();
      document.querySelectorAll('.cdk-overlay-container').forEach((node) => node.remove());
      TestBed.resetTestingModule();
    }
  });

  it('lists the deliveries as the API orders them, a failure with its reason', () => {
    expect(rows()).toEqual(['delivery-row-d2', 'delivery-row-d1']);
    expect(byTestId('delivery-row-d2')?.getAttribute('data-state')).toBe('failed');
    expect(byTestId('delivery-row-d2')?.textContent).toContain('Failed');
    expect(byTestId('delivery-reason')?.textContent?.trim()).toBe('Timed out after 5000 ms');
    // Times carry their zone.
    expect(byTestId('delivery-time')?.textContent).toMatch(/^2026-11-2[12] \d\d:\d\d:03 \S+$/);
  });

  it('shows only the failed ones with one click, and all again', async () => {
    byTestId('deliveries-state-failed')?.querySelector('button')?.click();
    await stable();
    const failed = deliveriesRequest();
    expect(failed.request.params.get('state')).toBe('failed');
    failed.flush([FAILED]);
    await stable();
    expect(rows()).toEqual(['delivery-row-d2']);

    byTestId('deliveries-state-all')?.querySelector('button')?.click();
    await stable();
    const all = deliveriesRequest();
    expect(all.request.params.has('state')).toBe(false);
    all.flush([]);
    await stable();
    expect(byTestId('deliveries-empty')?.textContent?.trim()).toBe(
      'No deliveries match these filters.',
    );
  });

  it('filters by channel', async () => {
    byTestId('deliveries-channel')?.click();
    await stable();
    Array.from(document.querySelectorAll<HTMLElement>('mat-option'))
      .find((o) => o.textContent?.trim() === 'Ops hook')
      ?.click();
    await stable();
    const request = deliveriesRequest();
    expect(request.request.params.get('channelId')).toBe('ch-1');
    request.flush([DELIVERED]);
    await stable();
    expect(rows()).toEqual(['delivery-row-d1']);
  });

  it('opens a row to its attempts', async () => {
    expect(byTestId('delivery-detail-d2')).toBeNull();
    byTestId('delivery-toggle-d2')?.click();
    await stable();
    const detail = byTestId('delivery-detail-d2')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(detail).toContain('Attempt 1');
    expect(detail).toContain('HTTP 503');
    expect(detail).toContain('Attempt 2');
    expect(detail).toContain('No answer');
    expect(detail).toContain('5000 ms');
    expect(detail).toContain('key-d2');
  });

  it('opens the delivery a page step links to, or says it is not among those shown', async () => {
    query.next(convertToParamMap({ delivery: 'd1' }));
    await stable();
    expect(byTestId('delivery-detail-d1')?.textContent).toContain('HTTP 204');
    expect(byTestId('delivery-row-d1')?.classList).toContain('wanted-row');
    expect(document.activeElement).toBe(byTestId('delivery-toggle-d1'));
    expect(byTestId('deliveries-wanted-missing')).toBeNull();

    // Closed by the person: it stays closed (the link opens it once).
    byTestId('delivery-toggle-d1')?.click();
    await stable();
    expect(byTestId('delivery-detail-d1')).toBeNull();

    query.next(convertToParamMap({ delivery: 'd-old' }));
    await stable();
    expect(byTestId('deliveries-wanted-missing')?.textContent).toContain(
      'The delivery you followed is not among the 100 newest shown here',
    );
  });
});
