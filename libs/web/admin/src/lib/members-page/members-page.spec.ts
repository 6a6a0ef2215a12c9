import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import {
  AUTH_ROUTES,
  ActiveOrganization,
  ORGANIZATION_ROUTES,
  RoleSummary,
  UserSummary,
} from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';

import { MembersPage } from './members-page';

const member = (username: string, roles: string[]): UserSummary => ({
  id: `id-${username}`,
  username,
  email: `${username}@example.com`,
  displayName: username.toUpperCase(),
  status: 'active',
  roles,
  twoFactorEnabled: false,
  createdAt: '2026-11-01T10:00:00.000Z',
  platformAdmin: false,
});

const ROLES: RoleSummary[] = ['admin', 'operator', 'viewer'].map((name) => ({
  id: `role-${name}`,
  name,
  description: '',
  permissions: [],
  builtIn: true,
}));

describe('MembersPage', () => {
  let fixture: ComponentFixture<MembersPage>;
  let backend: HttpTestingController;

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
    el().querySelector<T>(`[data-testid="${id}"]`);
  const rows = () =>
    Array.from(el().querySelectorAll('[data-testid^="user-row-"]')).map((row) =>
      row.getAttribute('data-testid'),
    );

  /** Runs effects and change detection, and lets answers settle (requests may stay open). */
  async function stable(): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }

  beforeEach(async () => {
    const organization = signal<ActiveOrganization>({ id: 'org-2', name: 'Beta', slug: 'beta' });
    TestBed.configureTestingModule({
      imports: [MembersPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: AuthService,
          useValue: {
            organization,
            currentUser: computed(() => member('admin', ['admin'])),
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MembersPage);
    await stable();
    backend.expectOne(AUTH_ROUTES.users).flush([member('admin', ['admin'])]);
    backend.expectOne(AUTH_ROUTES.roles).flush(ROLES);
    await stable();
  });

  afterEach(() => backend.verify());

  it("is titled with the active organisation's name", () => {
    expect(byTestId('members-title')?.textContent?.trim()).toBe('Members of Beta');
    expect(rows()).toEqual(['user-row-admin']);
  });

  it('adds an existing account by username or email, or says why it could not', async () => {
    byTestId('add-member-button')?.click();
    await stable();
    const login = byTestId<HTMLInputElement>('member-login');
    if (!login) throw new Error('No login field');
    login.value = ' nobody@example.com ';
    login.dispatchEvent(new Event('input'));
    byTestId('member-submit')?.click();
    await stable();

    const refused = backend.expectOne(ORGANIZATION_ROUTES.members);
    expect(refused.request.body).toEqual({ login: 'nobody@example.com', roles: ['viewer'] });
    refused.flush(
      { statusCode: 404, error: 'Not Found', message: 'No account with that username or email' },
      { status: 404, statusText: 'Not Found' },
    );
    await stable();
    expect(byTestId('member-form-error')?.textContent?.trim()).toBe(
      'No account with that username or email',
    );

    login.value = 'olga';
    login.dispatchEvent(new Event('input'));
    byTestId('member-submit')?.click();
    await stable();
    backend
      .expectOne(ORGANIZATION_ROUTES.members)
      .flush(member('olga', ['viewer']), { status: 201, statusText: 'Created' });
    await stable();

    expect(rows()).toEqual(['user-row-admin', 'user-row-olga']);
    expect(byTestId('user-row-olga')?.getAttribute('data-roles')).toBe('viewer');
    expect(byTestId('member-form')).toBeNull();
  });

  it('removes a member from the organisation after confirmation, never oneself', async () => {
    expect(byTestId<HTMLButtonElement>('member-remove-admin')?.disabled).toBe(true);

    // Someone else to remove.
    byTestId('add-member-button')?.click();
    await stable();
    const login = byTestId<HTMLInputElement>('member-login');
    if (!login) throw new Error('No login field');
    login.value = 'olga';
    login.dispatchEvent(new Event('input'));
    byTestId('member-submit')?.click();
    await stable();
    backend.expectOne(ORGANIZATION_ROUTES.members).flush(member('olga', ['viewer']));
    await stable();

    const remove = () => byTestId<HTMLButtonElement>('member-remove-olga');
    remove()?.click();
    await stable();
    backend.expectNone(`${AUTH_ROUTES.users}/id-olga/membership`);
    remove()?.click();
    await stable();
    const request = backend.expectOne(`${AUTH_ROUTES.users}/id-olga/membership`);
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await stable();

    expect(rows()).toEqual(['user-row-admin']);
  });
});
