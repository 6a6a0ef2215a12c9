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

  /** Opens the page (with `params` in its URL) and answers its first list. */
  async function open(
    params: Record<string, string> = {},
    list: DeliverySummary[] = [FAILED, DELIVERED],
  ): Promise<void> {
    query = new BehaviorSubject(convertToParamMap(params));
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
    first.flush(list);
    backend.expectOne(NOTIFICATION_CHANNEL_ROUTES.collection).flush([CHANNEL]);
    await stable();
  }

  const deliveryRequest = (id: string) =>
    backend.expectOne(
      (r) => r.method === 'GET' && r.url === NOTIFICATION_CHANNEL_ROUTES.delivery(id),
    );
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim();

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

  it('lists the deliveries as the API orders them, a failure with its reason', async () => {
    await open();
    expect(rows()).toEqual(['delivery-row-d2', 'delivery-row-d1']);
    expect(byTestId('delivery-row-d2')?.getAttribute('data-state')).toBe('failed');
    expect(byTestId('delivery-row-d2')?.textContent).toContain('Failed');
    expect(byTestId('delivery-reason')?.textContent?.trim()).toBe('Timed out after 5000 ms');
    // Times carry their zone.
    expect(byTestId('delivery-time')?.textContent).toMatch(/^2026-11-2[12] \d\d:\d\d:03 \S+$/);
  });

  it('shows only the failed ones with one click, and all again', async () => {
    await open();
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
    await open();
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
    await open();
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

  it('opens the delivery a page step links to when it is among those shown', async () => {
    await open();
    query.next(convertToParamMap({ delivery: 'd1' }));
    await stable();
    expect(byTestId('delivery-detail-d1')?.textContent).toContain('HTTP 204');
    expect(byTestId('delivery-row-d1')?.classList).toContain('wanted-row');
    expect(document.activeElement).toBe(byTestId('delivery-toggle-d1'));
    // Among those shown: not asked for on its own.
    expect(byTestId('linked-delivery')).toBeNull();
    backend.expectNone((r) => r.url === NOTIFICATION_CHANNEL_ROUTES.delivery('d1'));

    // Closed by the person: it stays closed (the link opens it once).
    byTestId('delivery-toggle-d1')?.click();
    await stable();
    expect(byTestId('delivery-detail-d1')).toBeNull();
  });

  describe('a linked delivery not among those shown', () => {
    const OLD = delivery('d-old', {
      state: 'failed',
      title: 'db-1 DOWN (last week)',
      attempts: [
        {
          attempt: 1,
          status: 'failed',
          provider: 'webhook',
          httpStatus: 500,
          latencyMs: 40,
          error: 'HTTP 500 Internal Server Error',
          at: '2026-11-15T05:41:04.000Z',
        },
      ],
      createdAt: '2026-11-15T05:41:03.000Z',
      finishedAt: '2026-11-15T05:41:04.000Z',
    });

    it('is asked for once the list answered, and shown above it under "Linked delivery" with its receipt', async () => {
      await open({ delivery: 'd-old' });
      expect(text('linked-delivery-title')).toBe('Linked delivery');
      expect(text('linked-delivery')).toContain('Loading the delivery you followed…');
      deliveryRequest('d-old').flush(OLD);
      await stable();

      const shown = text('linked-delivery-d-old') ?? '';
      expect(shown).toContain('Ops hook (Webhook) · to hooks.example.com · db-1 DOWN (last week)');
      expect(shown).toContain('Not delivered: HTTP 500 Internal Server Error');
      expect(shown).toContain('Attempt 1');
      expect(shown).toContain('HTTP 500');
      expect(shown).toContain('40 ms');
      expect(shown).toContain('key-d-old');
      expect(byTestId('linked-delivery-d-old')?.getAttribute('data-state')).toBe('failed');
      expect(text('linked-delivery-why')).toBe(
        'Shown here because it is not among the 100 newest listed below.',
      );
      // Above the list, which is still there.
      const section = byTestId('linked-delivery');
      const table = byTestId('deliveries-table');
      expect(
        section &&
          table &&
          section.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
      expect(rows()).toEqual(['delivery-row-d2', 'delivery-row-d1']);
      expect(document.activeElement).toBe(byTestId('linked-delivery-title'));
    });

    it('is not asked for when the list holds it, and goes when a filter’s list does', async () => {
      await open({ delivery: 'd1' });
      backend.expectNone((r) => r.url === NOTIFICATION_CHANNEL_ROUTES.delivery('d1'));
      expect(byTestId('linked-delivery')).toBeNull();
      expect(byTestId('delivery-detail-d1')).not.toBeNull();

      query.next(convertToParamMap({ delivery: 'd-old' }));
      await stable();
      deliveryRequest('d-old').flush(OLD);
      await stable();
      byTestId('deliveries-state-failed')?.querySelector('button')?.click();
      await stable();
      // While the filtered list loads, the linked delivery stays (not asked for again).
      expect(byTestId('linked-delivery-d-old')).not.toBeNull();
      deliveriesRequest().flush([OLD]);
      await stable();
      expect(byTestId('linked-delivery')).toBeNull();
      expect(rows()).toEqual(['delivery-row-d-old']);
    });

    it('says "This delivery no longer exists" when the API knows none of its id', async () => {
      await open({ delivery: 'd-gone' });
      deliveryRequest('d-gone').flush(
        { statusCode: 404, error: 'Not Found', message: 'Delivery not found', correlationId: 'c' },
        { status: 404, statusText: 'Not Found' },
      );
      await stable();
      expect(text('linked-delivery-gone')).toBe('This delivery no longer exists.');
      expect(byTestId('linked-delivery-error')).toBeNull();
      expect(byTestId('linked-delivery-retry')).toBeNull();
    });

    it('says why it could not be loaded, and Retry asks again', async () => {
      await open({ delivery: 'd-old' });
      deliveryRequest('d-old').flush(null, { status: 0, statusText: 'Unknown Error' });
      await stable();
      expect(byTestId('linked-delivery-error')?.getAttribute('role')).toBe('alert');
      expect(text('linked-delivery-error')).toBe(
        'The delivery you followed could not be loaded: Cannot reach Hyperion — check your connection. Retry',
      );

      byTestId('linked-delivery-retry')?.click();
      await stable();
      deliveryRequest('d-old').flush(OLD);
      await stable();
      expect(byTestId('linked-delivery-error')).toBeNull();
      expect(byTestId('linked-delivery-d-old')).not.toBeNull();
    });
  });
});
