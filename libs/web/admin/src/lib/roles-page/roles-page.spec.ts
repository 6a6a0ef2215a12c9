import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { AUTH_ROUTES, AnyPermission, RoleSummary } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';

import { roleChange } from './role-change';
import { RolesPage } from './roles-page';

const ROLES: RoleSummary[] = [
  {
    id: 'role-viewer',
    name: 'viewer',
    description: 'Reads',
    permissions: ['alerts:read'],
    builtIn: true,
  },
  {
    id: 'role-auditor',
    name: 'auditor',
    description: 'Reads the audit log',
    permissions: ['audit:read'],
    builtIn: false,
  },
];

// The first test also compiles the page and its Material parts: slow on a busy machine.
describe('RolesPage', { timeout: 30_000 }, () => {
  let fixture: ComponentFixture<RolesPage>;
  let backend: HttpTestingController;

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
    el().querySelector<T>(`[data-testid="${id}"]`);
  const checkbox = (id: string) => byTestId<HTMLInputElement>(id)?.querySelector('input');

  async function stable(): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }

  beforeEach(async () => {
    const held: AnyPermission[] = ['audit:read', 'alerts:read', 'users:admin'];
    TestBed.configureTestingModule({
      imports: [RolesPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        { provide: AuthService, useValue: { permissions: signal(held) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RolesPage);
    document.body.appendChild(fixture.nativeElement);
    await stable();
    backend.expectOne(AUTH_ROUTES.roles).flush(ROLES);
    await stable();
  });

  afterEach(() => {
    try {
      backend.verify();
    } finally {
      (fixture.nativeElement as HTMLElement).remove();
      TestBed.resetTestingModule();
    }
  });

  it('lets built-in roles be read only', () => {
    expect(byTestId('role-edit-viewer')).toBeNull();
    expect(byTestId('role-delete-viewer')).toBeNull();
    expect(byTestId('role-edit-auditor')).not.toBeNull();
  });

  it("edits a custom role's description and permissions, among those the user holds", async () => {
    byTestId('role-edit-auditor')?.click();
    await stable();
    const description = byTestId<HTMLInputElement>('role-edit-description');
    expect(document.activeElement).toBe(description);
    expect(description?.value).toBe('Reads the audit log');
    // Not held: offered disabled.
    expect(checkbox('role-edit-permission-ssh:exec')?.disabled).toBe(true);
    expect(checkbox('role-edit-permission-alerts:read')?.disabled).toBe(false);

    if (!description) throw new Error('No description field');
    description.value = 'Reads the audit log and alerts';
    description.dispatchEvent(new Event('input'));
    checkbox('role-edit-permission-alerts:read')?.click();
    await stable();
    byTestId('role-edit-submit')?.click();
    await stable();

    const request = backend.expectOne(`${AUTH_ROUTES.roles}/role-auditor`);
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({
      description: 'Reads the audit log and alerts',
      permissions: ['alerts:read', 'audit:read'],
    });
    request.flush({
      ...ROLES[1],
      description: 'Reads the audit log and alerts',
      permissions: ['alerts:read', 'audit:read'],
    });
    await stable();
    expect(byTestId('role-edit-form')).toBeNull();
    expect(byTestId('role-row-auditor')?.textContent).toContain('alerts:read, audit:read');
  });

  it('says why the API refused an edit', async () => {
    byTestId('role-edit-auditor')?.click();
    await stable();
    checkbox('role-edit-permission-alerts:read')?.click();
    await stable();
    byTestId('role-edit-submit')?.click();
    await stable();
    backend.expectOne(`${AUTH_ROUTES.roles}/role-auditor`).flush(
      {
        statusCode: 403,
        error: 'Forbidden',
        message: 'You can grant only permissions you hold: alerts:read',
        correlationId: 'c3',
      },
      { status: 403, statusText: 'Forbidden' },
    );
    await stable();
    expect(byTestId('role-edit-error')?.textContent).toContain('only permissions you hold');
  });

  it('sends only what changed, and nothing when nothing did', () => {
    const role = ROLES[1];
    expect(roleChange(role, ' Reads the audit log ', ['audit:read'])).toBeNull();
    expect(roleChange(role, 'Other', ['audit:read'])).toEqual({ description: 'Other' });
    expect(roleChange(role, role.description, ['audit:read', 'alerts:read'])).toEqual({
      permissions: ['audit:read', 'alerts:read'],
    });
  });
});
