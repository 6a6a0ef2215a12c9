import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { Router, provideRouter } from '@angular/router';
import {
  AUDIT_ROUTES,
  AUTH_ROUTES,
  AnyPermission,
  AuditEntry,
  UserSummary,
} from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';

import { formatZonedTime } from '../time/zoned-time';
import { AuditPage } from './audit-page';

const ALICE_ID = '3f2a9c1e-1111-4222-8333-444455556666';
const OCCURRED = '2026-11-22T03:00:00.000Z';

const entry = (
  id: string,
  action: AuditEntry['action'],
  organizationId: string | null,
  extra: Partial<AuditEntry> = {},
): AuditEntry => ({
  id,
  organizationId,
  occurredAt: OCCURRED,
  actorType: 'anonymous',
  actorId: null,
  actorName: `someone-${id}`,
  action,
  target: null,
  ip: '127.0.0.1',
  userAgent: null,
  result: 'failure',
  details: {},
  correlationId: null,
  ...extra,
});

const alice = {
  id: ALICE_ID,
  username: 'alice',
  email: 'alice@example.com',
  displayName: 'Alice Admin',
  status: 'active',
  roles: ['admin'],
  twoFactorEnabled: false,
  createdAt: OCCURRED,
  platformAdmin: false,
  lockedUntil: null,
  mustChangePassword: false,
} satisfies UserSummary;

// The first test also compiles the page and its Material parts: slow on a busy machine.
describe('AuditPage', { timeout: 30_000 }, () => {
  let fixture: ComponentFixture<AuditPage>;
  let backend: HttpTestingController;
  let router: Router;
  const permissions = signal<AnyPermission[]>(['audit:read']);

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
    el().querySelector<T>(`[data-testid="${id}"]`);
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const rows = () =>
    Array.from(el().querySelectorAll('[data-testid="audit-row"]')).map((r) => r.textContent ?? '');
  const searches = (): TestRequest[] => backend.match((r) => r.url === AUDIT_ROUTES.search);

  async function stable(): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }

  function type(id: string, value: string): void {
    const input = byTestId<HTMLInputElement>(id);
    if (!input) throw new Error(`No field ${id}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  /** Opens the page at `url`; the first search (if any) is left to the test. */
  async function open(url: string, granted: AnyPermission[] = ['audit:read']): Promise<void> {
    permissions.set(granted);
    TestBed.configureTestingModule({
      imports: [AuditPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideRouter([]),
        {
          provide: AuthService,
          useValue: {
            organization: signal({ id: 'org-1', name: 'Default', slug: 'default' }),
            organizations: signal([{ id: 'org-1', name: 'Default', slug: 'default', roles: [] }]),
            hasPermission: (p: AnyPermission) => permissions().includes(p),
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    fixture = TestBed.createComponent(AuditPage);
    document.body.appendChild(fixture.nativeElement);
    await stable();
  }

  async function flushSearch(items: AuditEntry[]): Promise<TestRequest> {
    const request = backend.expectOne((r) => r.url === AUDIT_ROUTES.search);
    request.flush({ items, nextCursor: null });
    await stable();
    return request;
  }

  afterEach(() => {
    try {
      backend.verify();
    } finally {
      // Also after a failure: the next test starts from a clean page and test module.
      fixture.destroy();
      (fixture.nativeElement as HTMLElement).remove();
      document.querySelectorAll('.cdk-overlay-container').forEach((node) => node.remove());
      TestBed.resetTestingModule();
    }
  });

  it('takes every filter from the URL, so a reload or a shared link shows the same', async () => {
    await open(
      '/?action=failed_login&actor=system&result=failure' +
        '&from=2026-11-22T02:00:00.000Z&to=2026-11-22T04:00:00.000Z&utc=1',
    );
    const request = await flushSearch([entry('1', 'failed_login', 'org-1')]);
    const params = request.request.params;
    expect(params.get('action')).toBe('failed_login');
    expect(params.get('actor')).toBe('system');
    expect(params.get('result')).toBe('failure');
    expect(params.get('from')).toBe('2026-11-22T02:00:00.000Z');
    expect(params.get('to')).toBe('2026-11-22T04:00:00.000Z');
    expect(params.get('limit')).toBe('50');

    // The form shows them (times in the zone shown: UTC here).
    expect(text('audit-filter-action')).toBe('failed_login');
    expect(text('audit-filter-actor')).toContain('system');
    expect(byTestId<HTMLInputElement>('audit-filter-from')?.value).toBe('2026-11-22T02:00');
    expect(byTestId<HTMLInputElement>('audit-filter-to')?.value).toBe('2026-11-22T04:00');
    expect(el().textContent).toContain('From (UTC)');
    // The CSV link carries the same filters.
    const href = byTestId('audit-download-csv')?.getAttribute('href') ?? '';
    const csv = new URL(href, 'http://console.test');
    expect(csv.pathname).toBe(AUDIT_ROUTES.csv);
    const carried: Record<string, string> = {};
    csv.searchParams.forEach((value, key) => (carried[key] = value));
    expect(carried).toEqual({
      action: 'failed_login',
      actor: 'system',
      result: 'failure',
      from: '2026-11-22T02:00:00.000Z',
      to: '2026-11-22T04:00:00.000Z',
    });
  });

  it('puts the applied filters into the URL', async () => {
    await open('/');
    await flushSearch([]);
    type('audit-filter-from', '2026-11-22T02:30');
    byTestId('audit-apply')?.click();
    await stable();
    const request = await flushSearch([]);
    const from = new Date('2026-11-22T02:30').toISOString();
    expect(request.request.params.get('from')).toBe(from);
    expect(new URL(router.url, 'http://console.test').searchParams.get('from')).toBe(from);
  });

  it('warns when From is after To, and sends nothing', async () => {
    await open('/');
    await flushSearch([]);
    type('audit-filter-from', '2026-11-22T06:00');
    type('audit-filter-to', '2026-11-22T05:00');
    await stable();
    expect(text('audit-range-warning')).toContain('is not before To');

    byTestId('audit-apply')?.click();
    await stable();
    expect(searches()).toEqual([]);
    expect(router.url).toBe('/');

    // Fixed: the warning goes, the search runs.
    type('audit-filter-to', '2026-11-22T07:00');
    await stable();
    expect(byTestId('audit-range-warning')).toBeNull();
    byTestId('audit-apply')?.click();
    await stable();
    await flushSearch([]);
  });

  it('sends nothing for a shared link whose From is after To, and says why', async () => {
    await open('/?from=2026-11-22T06:00:00.000Z&to=2026-11-22T05:00:00.000Z&utc=1');
    expect(searches()).toEqual([]);
    expect(text('audit-range-warning')).toBe(
      'From (2026-11-22 06:00:00 UTC) is not before To (2026-11-22 05:00:00 UTC): ' +
        'no entry can match. Change one of them.',
    );
    expect(text('audit-empty')).toBe('Fix the time range to see entries.');
  });

  it('shows times with their zone, or in UTC (kept in the URL) without loading again', async () => {
    await open('/');
    await flushSearch([entry('1', 'login', 'org-1')]);
    expect(text('audit-time')).toBe(formatZonedTime(OCCURRED));
    expect(text('audit-time')).toMatch(/^2026-11-2\d \d{2}:\d{2}:00 \S+$/);

    byTestId('audit-utc')?.querySelector('button')?.click();
    await stable();
    expect(new URL(router.url, 'http://console.test').searchParams.get('utc')).toBe('1');
    expect(text('audit-time')).toBe('2026-11-22 03:00:00 UTC');
    expect(searches()).toEqual([]);
  });

  it('offers quick ranges up to now', async () => {
    await open('/');
    await flushSearch([]);
    const before = Date.now();
    byTestId('audit-range-24h')?.click();
    await stable();
    const request = await flushSearch([]);
    const from = Date.parse(request.request.params.get('from') ?? '');
    expect(before - from).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(before - from).toBeLessThan(24 * 3600_000 + 61_000);
    expect(request.request.params.has('to')).toBe(false);
    expect(new URL(router.url, 'http://console.test').searchParams.get('from')).toBe(
      new Date(from).toISOString(),
    );
  });

  it('names targets and actors, and picks an actor by name', async () => {
    await open('/', ['audit:read', 'users:admin']);
    const members = backend.expectOne((r) => r.url === AUTH_ROUTES.users);
    expect(members.request.params.get('limit')).toBe('200');
    members.flush({ items: [alice], total: 1 });
    backend.expectOne(AUTH_ROUTES.roles).flush([]);
    backend.expectOne(AUTH_ROUTES.apiKeys).flush([]);
    await flushSearch([
      entry('1', 'user_updated', 'org-1', {
        actorType: 'user',
        actorId: ALICE_ID,
        actorName: 'alice',
        target: `user:${ALICE_ID}`,
      }),
      entry('2', 'user_disabled', 'org-1', { target: 'user:9b8c7d6e-aaaa-4bbb-8ccc-ddddeeeeffff' }),
    ]);
    const targets = Array.from(el().querySelectorAll('[data-testid="audit-target"]')).map((t) =>
      t.textContent?.trim(),
    );
    expect(targets).toEqual(['user alice', 'user 9b8c7d6e…']);

    byTestId('audit-filter-actor')?.click();
    await stable();
    const option = document.querySelector<HTMLElement>(`mat-option[data-actor-id="${ALICE_ID}"]`);
    expect(option?.textContent?.trim()).toBe('Alice Admin (alice)');
    option?.click();
    await stable();
    byTestId('audit-apply')?.click();
    await stable();
    const request = await flushSearch([]);
    expect(request.request.params.get('actor')).toBe(ALICE_ID);
    expect(new URL(router.url, 'http://console.test').searchParams.get('actor')).toBe(ALICE_ID);
  });

  it('verifies the chain: intact, or the first broken entry in red', async () => {
    await open('/');
    await flushSearch([]);
    byTestId('audit-verify')?.click();
    await stable();
    backend.expectOne(AUDIT_ROUTES.verify).flush({
      ok: true,
      checked: 42,
      firstBroken: null,
      verifiedAt: '2026-11-22T06:00:00.000Z',
    });
    await stable();
    expect(byTestId('audit-verify-result')?.getAttribute('data-ok')).toBe('true');
    expect(text('audit-verify-result')).toContain('Chain intact — 42 entries checked');

    byTestId('audit-verify')?.click();
    await stable();
    backend.expectOne(AUDIT_ROUTES.verify).flush({
      ok: false,
      checked: 17,
      firstBroken: { id: '1234', occurredAt: OCCURRED, reason: 'hash mismatch' },
      verifiedAt: '2026-11-22T06:00:00.000Z',
    });
    await stable();
    const broken = byTestId('audit-verify-result');
    expect(broken?.getAttribute('data-ok')).toBe('false');
    expect(broken?.classList).toContain('broken');
    expect(broken?.getAttribute('role')).toBe('alert');
    expect(text('audit-verify-broken-id')).toBe('1234');
    expect(text('audit-verify-result')).toContain('hash mismatch');
  });

  it("shows the organisation's entries, with no scope choice for a non-platform user", async () => {
    await open('/');
    await flushSearch([entry('1', 'login', 'org-1')]);
    expect(el().textContent).toContain('in Default');
    expect(byTestId('audit-scope')).toBeNull();
    expect(rows().join()).toContain('someone-1');
  });

  it('lets a platform administrator read the instance-level entries, without CSV', async () => {
    await open('/', ['audit:read', 'platform:admin']);
    await flushSearch([entry('1', 'login', 'org-1')]);
    byTestId('audit-scope-instance')?.querySelector('button')?.click();
    await stable();
    backend
      .expectOne((r) => r.url === AUDIT_ROUTES.platform)
      .flush({ items: [entry('9', 'failed_login', null)], nextCursor: null });
    await stable();
    expect(new URL(router.url, 'http://console.test').searchParams.get('scope')).toBe('instance');
    expect(rows().join()).toContain('someone-9');
    expect(rows().join()).not.toContain('someone-1');
    expect(el().textContent).toContain('Entries of no organisation');
    expect((byTestId('audit-download-csv') as HTMLButtonElement).disabled).toBe(true);
    expect(byTestId('audit-verify')).toBeNull();
  });
});
