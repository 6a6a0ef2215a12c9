import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { AnyPermission, AUDIT_ROUTES, AuditEntry } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';

import { AuditPage } from './audit-page';

const entry = (
  id: string,
  action: AuditEntry['action'],
  organizationId: string | null,
): AuditEntry => ({
  id,
  organizationId,
  occurredAt: '2026-11-22T03:00:00.000Z',
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
});

describe('AuditPage', () => {
  let fixture: ComponentFixture<AuditPage>;
  let backend: HttpTestingController;
  const permissions = signal<AnyPermission[]>(['audit:read']);

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const actors = () =>
    Array.from(el().querySelectorAll('[data-testid="audit-row"]')).map((r) => r.textContent ?? '');

  async function stable(): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }

  async function open(granted: AnyPermission[]): Promise<void> {
    permissions.set(granted);
    TestBed.configureTestingModule({
      imports: [AuditPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        {
          provide: AuthService,
          useValue: {
            organization: signal({ id: 'org-1', name: 'Default', slug: 'default' }),
            hasPermission: (p: AnyPermission) => permissions().includes(p),
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditPage);
    await stable();
    backend
      .expectOne((r) => r.url === AUDIT_ROUTES.search)
      .flush({ items: [entry('1', 'login', 'org-1')], nextCursor: null });
    await stable();
  }

  afterEach(() => backend.verify());

  it("shows the organisation's entries, with no scope choice for a non-platform user", async () => {
    await open(['audit:read']);
    expect(el().textContent).toContain('in Default');
    expect(byTestId('audit-scope')).toBeNull();
    expect(actors().join()).toContain('someone-1');
  });

  it('lets a platform administrator read the instance-level entries, without CSV', async () => {
    await open(['audit:read', 'platform:admin']);
    expect(byTestId('audit-scope')).not.toBeNull();
    byTestId('audit-scope-instance')?.querySelector('button')?.click();
    await stable();
    backend
      .expectOne((r) => r.url === AUDIT_ROUTES.platform)
      .flush({ items: [entry('9', 'failed_login', null)], nextCursor: null });
    await stable();
    expect(actors().join()).toContain('someone-9');
    expect(actors().join()).not.toContain('someone-1');
    expect(el().textContent).toContain('Entries of no organisation');
    expect((byTestId('audit-download-csv') as HTMLButtonElement).disabled).toBe(true);
  });
});
