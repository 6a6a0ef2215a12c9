import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import type {
  MonitorListResponse,
  PostStatusPageIncidentUpdateRequest,
  ReplaceStatusPageComponentsRequest,
  ServiceSummary,
  StatusPageDetail,
  StatusPageIncident,
  StatusPageSubscriberList,
  UpdateStatusPageRequest,
} from '@hyperion/contracts';
import { ServiceApi } from '@hyperion/web/alerts';
import { IncidentApi } from '@hyperion/web/incidents';
import { Observable, of, throwError } from 'rxjs';

import { MonitorApi } from '../monitor-api';
import { StatusPageApi } from '../status-page-api';
import { StatusPageEditor } from './status-page-editor';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';

const detail: StatusPageDetail = {
  id: ID,
  slug: 'acme',
  name: 'Acme status',
  description: 'Live status of Acme.',
  published: true,
  showPostmortems: false,
  publicUrl: null,
  emailChannelId: null,
  subscriptions: false,
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
  groups: [
    {
      name: 'Shop',
      components: [{ kind: 'monitor', id: 'm-1', name: 'Checkout', displayName: null }],
    },
  ],
};

const subscriberList: StatusPageSubscriberList = {
  confirmed: 1,
  pending: 0,
  items: [
    {
      id: 's-1',
      email: 'j•••@example.com',
      state: 'confirmed',
      createdAt: '2026-01-30T14:00:00.000Z',
      confirmedAt: '2026-01-30T14:05:00.000Z',
    },
  ],
};

/** Records what the editor sends; answers from fixed data (or a refusal set by a test). */
class FakeStatusPageApi {
  updates: UpdateStatusPageRequest[] = [];
  layouts: ReplaceStatusPageComponentsRequest[] = [];
  posted: { incidentId: string; request: PostStatusPageIncidentUpdateRequest }[] = [];
  removed: string[] = [];
  subscriberList = subscriberList;
  updateAnswer: () => Observable<StatusPageDetail> = () => of(detail);

  get = () => of(detail);
  maintenance = () => of([]);
  incidents = () => of([]);
  subscribers = () => of(this.subscriberList);

  update(_id: string, request: UpdateStatusPageRequest): Observable<StatusPageDetail> {
    this.updates.push(request);
    return this.updateAnswer();
  }

  replaceComponents(
    _id: string,
    request: ReplaceStatusPageComponentsRequest,
  ): Observable<StatusPageDetail> {
    this.layouts.push(request);
    return of(detail);
  }

  postIncidentUpdate(
    _id: string,
    incidentId: string,
    request: PostStatusPageIncidentUpdateRequest,
  ): Observable<StatusPageIncident> {
    this.posted.push({ incidentId, request });
    return of({
      incidentId,
      title: 'Checkout errors',
      status: request.status,
      updates: [{ id: 'u-1', ...request, createdAt: '2026-01-30T15:00:00.000Z' }],
      createdAt: '2026-01-30T15:00:00.000Z',
      resolvedAt: null,
    });
  }

  removeSubscriber(_id: string, subscriberId: string): Observable<void> {
    this.removed.push(subscriberId);
    this.subscriberList = { confirmed: 0, pending: 0, items: [] };
    return of(undefined);
  }
}

const monitors = {
  items: [
    { id: 'm-1', name: 'Checkout' },
    { id: 'm-2', name: 'Search' },
  ],
} as unknown as MonitorListResponse;
const services = [{ id: 'svc-1', name: 'Payments' }] as ServiceSummary[];

describe('StatusPageEditor', () => {
  let api: FakeStatusPageApi;
  let fixture: ComponentFixture<StatusPageEditor>;

  const element = () => fixture.nativeElement as HTMLElement;
  const query = <T extends HTMLElement = HTMLElement>(testId: string) =>
    element().querySelector<T>(`[data-testid="${testId}"]`);

  async function settle(): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }

  function choose(testId: string, value: string): void {
    const select = query<HTMLSelectElement>(testId);
    if (!select) throw new Error(`no ${testId}`);
    select.value = value;
    select.dispatchEvent(new Event('change'));
  }

  function type(testId: string, value: string): void {
    const input = query<HTMLInputElement>(testId);
    if (!input) throw new Error(`no ${testId}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  const componentNames = () =>
    Array.from(element().querySelectorAll('[data-testid="group-0"] li .name')).map((li) =>
      li.textContent?.trim(),
    );

  beforeEach(async () => {
    api = new FakeStatusPageApi();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        {
          provide: ActivatedRoute,
          useValue: { snapshot: { paramMap: convertToParamMap({ id: ID }) } },
        },
        { provide: StatusPageApi, useValue: api },
        { provide: MonitorApi, useValue: { list: () => of(monitors) } },
        { provide: ServiceApi, useValue: { list: () => of(services) } },
        {
          provide: IncidentApi,
          useValue: {
            list: () =>
              of({ items: [{ id: 'i-1', number: 7, title: 'Checkout errors' }], nextCursor: null }),
          },
        },
      ],
    });
    fixture = TestBed.createComponent(StatusPageEditor);
    await settle();
  });

  it('shows the page: its settings, its public link and its components in their group', () => {
    expect(element().querySelector('h1')?.textContent).toContain('Acme status');
    expect(query('public-link')?.getAttribute('href')).toBe('/status/acme');
    expect(query<HTMLInputElement>('settings-slug')?.value).toBe('acme');
    expect(componentNames()).toEqual(['Checkout']);
  });

  it('adds a monitor and a service from their lists, orders them, and saves the layout', async () => {
    const options = Array.from(query<HTMLSelectElement>('group-0-pick')?.options ?? []).map((o) =>
      o.textContent?.trim(),
    );
    // Checkout is on the page already: it is not offered twice.
    expect(options).toEqual([
      'Pick a monitor or a service…',
      'Monitor: Search',
      'Service: Payments',
    ]);

    choose('group-0-pick', 'service:svc-1');
    query('group-0-add')?.click();
    await settle();
    element().querySelector<HTMLButtonElement>('button[aria-label="Move Payments up"]')?.click();
    await settle();
    expect(componentNames()).toEqual(['Payments', 'Checkout']);

    query('layout-save')?.click();
    await settle();

    expect(api.layouts).toEqual([
      {
        groups: [
          {
            name: 'Shop',
            components: [
              { kind: 'service', id: 'svc-1' },
              { kind: 'monitor', id: 'm-1' },
            ],
          },
        ],
      },
    ]);
    expect(query('editor-saved')?.textContent).toContain('Layout saved.');
  });

  it("shows the API's 400 message next to the field it names", async () => {
    api.updateAnswer = () =>
      throwError(
        () =>
          new HttpErrorResponse({
            status: 400,
            error: {
              statusCode: 400,
              message: ['slug: 1 to 48 lower-case letters, digits and dashes'],
            },
          }),
      );

    query('settings-save')?.click();
    await settle();

    expect(api.updates).toHaveLength(1);
    expect(query('settings-slug-error')?.textContent).toContain(
      '1 to 48 lower-case letters, digits and dashes',
    );
    expect(query('settings-name-error')).toBeNull();
    expect(query('settings-problem')).toBeNull();
  });

  it('posts a public update of an open incident with the chosen status', async () => {
    choose('update-incident', 'i-1');
    choose('update-status', 'identified');
    type('update-message', 'A bad deploy; rolling back.');
    query('update-post')?.click();
    await settle();

    expect(api.posted).toEqual([
      {
        incidentId: 'i-1',
        request: { status: 'identified', message: 'A bad deploy; rolling back.' },
      },
    ]);
    expect(element().textContent).toContain('Checkout errors · Identified · 1 update');
  });

  it('lists subscribers masked, and removes one after the confirmation', async () => {
    expect(query('subscriber-counts')?.textContent).toContain('1 confirmed · 0 pending');
    expect(query('subscriber-s-1')?.textContent).toContain('j•••@example.com');

    query('subscriber-remove-s-1')?.click();
    await settle();
    expect(api.removed).toEqual([]);
    query('subscriber-remove-s-1')?.click();
    await settle();

    expect(api.removed).toEqual(['s-1']);
    expect(query('subscriber-counts')?.textContent).toContain('0 confirmed · 0 pending');
    expect(query('subscriber-s-1')).toBeNull();
  });
});
