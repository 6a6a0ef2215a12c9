import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { NOTIFICATION_CHANNEL_ROUTES, NotificationChannelDetails } from '@hyperion/contracts';

import { NotificationChannelApi } from './notification-channel-api';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';

const row: NotificationChannelDetails = {
  id: ID,
  name: 'alpha',
  kind: 'slack',
  enabled: true,
  config: {},
  secrets: { webhookUrl: 'https://hooks.slack.com/••••' },
  counters: { delivered: 0, failed: 0 },
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
};

describe('NotificationChannelApi', () => {
  let api: NotificationChannelApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(NotificationChannelApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists from the collection route', () => {
    let answer: NotificationChannelDetails[] | undefined;
    api.list().subscribe((rows) => (answer = rows));

    const request = http.expectOne(NOTIFICATION_CHANNEL_ROUTES.collection);
    expect(request.request.method).toBe('GET');
    request.flush([row]);

    expect(answer).toEqual([row]);
  });

  it('creates, updates, tests and deletes through the contracts routes', () => {
    const create = {
      name: 'alpha',
      kind: 'slack' as const,
      config: {},
      secrets: { webhookUrl: 'https://hooks.slack.com/services/T/B/x' },
    };
    api.create(create).subscribe();
    api.update(ID, { enabled: false }).subscribe();
    api.test(ID).subscribe();
    api.delete(ID).subscribe();

    const created = http.expectOne({ method: 'POST', url: NOTIFICATION_CHANNEL_ROUTES.collection });
    expect(created.request.body).toEqual(create);
    created.flush(row);
    const update = http.expectOne({ method: 'PATCH', url: `/api/v1/notification-channels/${ID}` });
    expect(update.request.body).toEqual({ enabled: false });
    update.flush({ ...row, enabled: false });
    http.expectOne({ method: 'POST', url: `/api/v1/notification-channels/${ID}/test` }).flush(null);
    http.expectOne({ method: 'DELETE', url: NOTIFICATION_CHANNEL_ROUTES.item(ID) }).flush(null);
  });

  it('asks for deliveries with the filters given only', () => {
    api.deliveries({ state: 'failed', limit: 100 }).subscribe();
    const request = http.expectOne((r) => r.url === NOTIFICATION_CHANNEL_ROUTES.deliveries);
    expect(request.request.params.get('state')).toBe('failed');
    expect(request.request.params.get('limit')).toBe('100');
    expect(request.request.params.has('channelId')).toBe(false);
    request.flush([]);
  });

  it('asks for one delivery by its id', () => {
    api.delivery('d/1').subscribe();
    const request = http.expectOne({
      method: 'GET',
      url: '/api/v1/notification-deliveries/d%2F1',
    });
    request.flush({});
  });
});
