import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { Router, provideRouter } from '@angular/router';
import {
  AUTH_ROUTES,
  ActiveOrganization,
  AnyPermission,
  BUILT_IN_ROLES,
  ORGANIZATION_ROUTES,
  PERMISSIONS,
  RoleSummary,
  UserPage,
  UserSummary,
} from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';

import { MembersPage } from './members-page';

const member = (
  username: string,
  roles: string[],
  extra: Partial<UserSummary> = {},
): UserSummary => ({
  id: `id-${username}`,
  username,
  email: `${username}@example.com`,
  displayName: username.toUpperCase(),
  status: 'active',
  roles,
  twoFactorEnabled: false,
  createdAt: '2026-11-01T10:00:00.000Z',
  platformAdmin: false,
  lockedUntil: null,
  mustChangePassword: false,
  ...extra,
});

const ROLES: RoleSummary[] = (['admin', 'operator', 'viewer'] as const).map((name) => ({
  id: `role-${name}`,
  name,
  description: '',
  permissions: [...BUILT_IN_ROLES[name]],
  builtIn: true,
}));

const page = (items: UserSummary[], total = items.length): UserPage => ({ items, total });

// The first test also compiles the page and its Material parts: slow on a busy machine.
describe('MembersPage', { timeout: 30_000 }, () => {
  let fixture: ComponentFixture<MembersPage>;
  let backend: HttpTestingController;
  let router: Router;

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
    el().querySelector<T>(`[data-testid="${id}"]`);
  /** Dialogs and menus live in the overlay container, outside the page. */
  const inDocument = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
    document.querySelector<T>(`[data-testid="${id}"]`);
  const rows = () =>
    Array.from(el().querySelectorAll('[data-testid^="user-row-"]')).map((row) =>
      row.getAttribute('data-testid'),
    );
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim();

  /** Runs effects and change detection, and lets answers settle (requests may stay open). */
  async function stable(ms = 0): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve, ms));
    TestBed.tick();
  }

  const listRequest = (): TestRequest =>
    backend.expectOne((r) => r.method === 'GET' && r.url === AUTH_ROUTES.users);

  function type(input: HTMLInputElement | null, value: string): void {
    if (!input) throw new Error('No such field');
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  /** Opens the "More" menu of a member and clicks one of its items. */
  async function fromMenu(username: string, item: string): Promise<void> {
    byTestId(`user-more-${username}`)?.click();
    await stable();
    const button = inDocument<HTMLButtonElement>(`${item}-${username}`);
    if (!button) throw new Error(`No menu item ${item}`);
    button.click();
    await stable();
  }

  async function open(
    url: string,
    first: UserPage,
    held: readonly AnyPermission[] = PERMISSIONS,
  ): Promise<TestRequest> {
    const organization = signal<ActiveOrganization>({ id: 'org-2', name: 'Beta', slug: 'beta' });
    TestBed.configureTestingModule({
      imports: [MembersPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideRouter([]),
        {
          provide: AuthService,
          useValue: {
            organization,
            currentUser: computed(() => member('admin', ['admin'])),
            permissions: signal(held),
            loadCurrentUser: () => undefined,
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    fixture = TestBed.createComponent(MembersPage);
    document.body.appendChild(fixture.nativeElement);
    await stable();
    const request = listRequest();
    request.flush(first);
    backend.expectOne(AUTH_ROUTES.roles).flush(ROLES);
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

  it('asks the API for the page the URL names and says which part of the total it shows', async () => {
    const many = Array.from({ length: 25 }, (_, i) => member(`user${i + 50}`, ['viewer']));
    const request = await open('/?q=user&offset=50&limit=25', page(many, 78));

    expect(request.request.params.get('q')).toBe('user');
    expect(request.request.params.get('offset')).toBe('50');
    expect(request.request.params.get('limit')).toBe('25');
    expect(byTestId('members-title')?.textContent?.trim()).toBe('Members of Beta');
    expect(text('members-range')).toBe('Showing 51–75 of 78');
    expect(text('members-page')).toBe('Page 3 of 4');
    expect(byTestId<HTMLInputElement>('members-search')?.value).toBe('user');
    expect(byTestId<HTMLButtonElement>('members-prev')?.disabled).toBe(false);
    expect(byTestId<HTMLButtonElement>('members-next')?.disabled).toBe(false);

    byTestId('members-next')?.click();
    await stable();
    const next = listRequest();
    expect(next.request.params.get('offset')).toBe('75');
    next.flush(page(many.slice(0, 3), 78));
    await stable();
    expect(router.url).toBe('/?q=user&offset=75&limit=25');
    expect(text('members-range')).toBe('Showing 76–78 of 78');
    expect(byTestId<HTMLButtonElement>('members-next')?.disabled).toBe(true);
  });

  it('searches after a pause in typing, from the first page, and keeps it in the URL', async () => {
    await open('/?offset=50', page([member('admin', ['admin'])], 120));

    const search = byTestId<HTMLInputElement>('members-search');
    type(search, 'o');
    type(search, 'ol');
    type(search, 'olg');
    await stable();
    // Typing: nothing sent yet.
    backend.expectNone((r) => r.url === AUTH_ROUTES.users);

    await stable(350);
    const request = listRequest();
    expect(request.request.params.get('q')).toBe('olg');
    expect(request.request.params.get('offset')).toBe('0');
    request.flush(page([member('olga', ['viewer'])], 1));
    await stable();
    expect(router.url).toBe('/?q=olg');
    expect(rows()).toEqual(['user-row-olga']);
    expect(text('members-range')).toBe('Showing 1–1 of 1');
  });

  it('says when a search matches nobody', async () => {
    await open('/?q=zed', page([], 0));
    expect(text('members-range')).toBe('No members match “zed”.');
    expect(text('members-empty')).toBe('No members match “zed”.');
  });

  it('shows an API failure in words, with the reference of a server error', async () => {
    TestBed.configureTestingModule({
      imports: [MembersPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideRouter([]),
        {
          provide: AuthService,
          useValue: {
            organization: signal(null),
            currentUser: computed(() => null),
            permissions: signal([]),
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MembersPage);
    await stable();
    listRequest().flush(
      {
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal server error',
        correlationId: 'corr-42',
      },
      { status: 500, statusText: 'Internal Server Error' },
    );
    backend.expectOne(AUTH_ROUTES.roles).flush(ROLES);
    await stable();
    const error = text('members-error') ?? '';
    expect(error).toContain('corr-42');
    expect(error).not.toContain('Internal server error');
  });

  it('disables a member only after a confirmation that names them', async () => {
    await open('/', page([member('admin', ['admin']), member('olga', ['viewer'])]));
    // Never yourself.
    expect(byTestId<HTMLButtonElement>('user-toggle-status-admin')?.disabled).toBe(true);

    byTestId('user-toggle-status-olga')?.click();
    await stable();
    const dialog = inDocument('disable-dialog');
    expect(dialog?.closest('.mat-mdc-dialog-container')?.textContent).toContain('olga');
    backend.expectNone((r) => r.method === 'PATCH');

    inDocument('disable-dialog-confirm')?.click();
    await stable();
    const request = backend.expectOne(`${AUTH_ROUTES.users}/id-olga`);
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ status: 'disabled' });
    request.flush(member('olga', ['viewer'], { status: 'disabled' }));
    await stable();

    expect(byTestId('user-row-olga')?.getAttribute('data-status')).toBe('disabled');
    expect(inDocument('disable-dialog')).toBeNull();
  });

  it('keeps the confirmation open with the reason when the API refuses', async () => {
    await open('/', page([member('admin', ['admin']), member('olga', ['admin'])]));
    byTestId('user-toggle-status-olga')?.click();
    await stable();
    inDocument('disable-dialog-confirm')?.click();
    await stable();
    backend.expectOne(`${AUTH_ROUTES.users}/id-olga`).flush(
      {
        statusCode: 409,
        error: 'Conflict',
        message: 'The organisation would have no active administrator',
        correlationId: 'c1',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await stable();
    expect(inDocument('disable-dialog-error')?.textContent).toContain('no active administrator');
    expect(byTestId('user-row-olga')?.getAttribute('data-status')).toBe('active');
  });

  it('creates an account with no role chosen for you, and shows errors only after submitting', async () => {
    await open('/', page([member('admin', ['admin'])]));
    byTestId('new-user-button')?.click();
    await stable();

    // The first field has the focus; nothing is flagged yet, not even after leaving a field.
    const username = byTestId<HTMLInputElement>('user-username');
    expect(document.activeElement).toBe(username);
    username?.dispatchEvent(new Event('blur'));
    await stable();
    expect(byTestId('user-roles-error')).toBeNull();
    expect(byTestId('user-roles')?.textContent?.trim()).toBe('');

    byTestId('user-submit')?.click();
    await stable();
    expect(text('user-roles-error')).toBe('Choose at least one role.');
    expect(byTestId('user-username-error')).not.toBeNull();
    backend.expectNone((r) => r.method === 'POST');

    type(username, 'olga');
    type(byTestId('user-email'), 'olga@example.com');
    type(byTestId('user-display-name'), 'Olga');
    type(byTestId('user-password'), 'correct-horse-battery-staple');
    byTestId('user-roles')?.click();
    await stable();
    Array.from(document.querySelectorAll<HTMLElement>('mat-option'))
      .find((option) => option.textContent?.trim() === 'operator')
      ?.click();
    await stable();
    byTestId('user-submit')?.click();
    await stable();

    const request = backend.expectOne((r) => r.method === 'POST' && r.url === AUTH_ROUTES.users);
    expect(request.request.body).toEqual({
      username: 'olga',
      email: 'olga@example.com',
      displayName: 'Olga',
      password: 'correct-horse-battery-staple',
      roles: ['operator'],
    });
    request.flush(member('olga', ['operator']), { status: 201, statusText: 'Created' });
    await stable();
    // The list is loaded again: the total changed.
    listRequest().flush(page([member('admin', ['admin']), member('olga', ['operator'])]));
    await stable();
    expect(rows()).toEqual(['user-row-admin', 'user-row-olga']);
    expect(byTestId('user-form')).toBeNull();
  });

  it('offers only the roles the admin may hand out', async () => {
    await open('/', page([member('admin', ['operator'])]), [...BUILT_IN_ROLES.operator]);
    byTestId('new-user-button')?.click();
    await stable();
    byTestId('user-roles')?.click();
    await stable();
    const options = Array.from(document.querySelectorAll<HTMLElement>('mat-option')).map(
      (option) => ({
        text: option.textContent?.trim(),
        disabled: option.getAttribute('aria-disabled') === 'true',
      }),
    );
    expect(options).toEqual([
      { text: 'admin — grants permissions you do not hold', disabled: true },
      { text: 'operator', disabled: false },
      { text: 'viewer', disabled: false },
    ]);
  });

  it('adds an existing account, or says why it could not', async () => {
    await open('/', page([member('admin', ['admin'])]));
    byTestId('add-member-button')?.click();
    await stable();
    const login = byTestId<HTMLInputElement>('member-login');
    expect(document.activeElement).toBe(login);
    type(login, ' nobody@example.com ');
    byTestId('member-roles')?.click();
    await stable();
    Array.from(document.querySelectorAll<HTMLElement>('mat-option'))
      .find((option) => option.textContent?.trim() === 'viewer')
      ?.click();
    await stable();
    byTestId('member-submit')?.click();
    await stable();

    const refused = backend.expectOne(ORGANIZATION_ROUTES.members);
    expect(refused.request.body).toEqual({ login: 'nobody@example.com', roles: ['viewer'] });
    refused.flush(
      {
        statusCode: 404,
        error: 'Not Found',
        message: 'No account with that username or email',
        correlationId: 'c2',
      },
      { status: 404, statusText: 'Not Found' },
    );
    await stable();
    expect(text('member-form-error')).toContain('No account with that username or email');
  });

  it('shows "locked until" with the time and its zone, and unlocks', async () => {
    const until = new Date(Date.now() + 10 * 60_000).toISOString();
    await open(
      '/',
      page([member('admin', ['admin']), member('olga', ['viewer'], { lockedUntil: until })]),
    );
    expect(text('user-locked-olga')).toMatch(/^Locked until \d{2}:\d{2} \([A-Z][A-Za-z0-9+:-]*\)$/);
    expect(byTestId('user-row-olga')?.getAttribute('data-locked')).toBe('true');

    byTestId('user-unlock-olga')?.click();
    await stable();
    const request = backend.expectOne(`${AUTH_ROUTES.users}/id-olga/unlock`);
    expect(request.request.method).toBe('POST');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await stable();
    expect(byTestId('user-locked-olga')).toBeNull();
    expect(byTestId('user-row-olga')?.getAttribute('data-locked')).toBe('false');
  });

  it('resets a password to a strong suggestion the member must change', async () => {
    await open('/', page([member('admin', ['admin']), member('olga', ['viewer'])]));
    await fromMenu('olga', 'user-reset-password');

    const field = inDocument<HTMLInputElement>('reset-password-value');
    expect(document.activeElement).toBe(field);
    const suggested = field?.value ?? '';
    expect(suggested).toMatch(/^([A-Za-z0-9]{5}-){3}[A-Za-z0-9]{5}$/);
    expect(field?.closest('.mat-mdc-dialog-container')?.textContent).toContain(
      'must choose a new one',
    );

    inDocument('reset-password-submit')?.click();
    await stable();
    const request = backend.expectOne(`${AUTH_ROUTES.users}/id-olga/reset-password`);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ password: suggested });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await stable();

    expect(inDocument('reset-password-dialog')).toBeNull();
    expect(byTestId('user-row-olga')?.getAttribute('data-must-change-password')).toBe('true');
    expect(text('user-must-change-olga')).toBe('Must change password');
  });

  it('resets 2FA after a confirmation explaining what the member must do', async () => {
    await open(
      '/',
      page([member('admin', ['admin']), member('olga', ['viewer'], { twoFactorEnabled: true })]),
    );
    await fromMenu('olga', 'user-reset-2fa');
    const dialog = inDocument('reset-2fa-dialog')?.closest('.mat-mdc-dialog-container');
    expect(dialog?.textContent).toContain('password only');
    expect(dialog?.textContent).toContain('set up two-factor authentication again');

    inDocument('reset-2fa-dialog-confirm')?.click();
    await stable();
    backend
      .expectOne(`${AUTH_ROUTES.users}/id-olga/reset-2fa`)
      .flush(null, { status: 204, statusText: 'No Content' });
    await stable();
    expect(byTestId('user-row-olga')?.textContent).toContain('Off');
  });

  it('edits name and email, sending only what changed', async () => {
    await open('/', page([member('admin', ['admin']), member('olga', ['viewer'])]));
    await fromMenu('olga', 'user-edit');
    const name = inDocument<HTMLInputElement>('edit-member-display-name');
    expect(document.activeElement).toBe(name);
    type(name, '  Olga Petrova ');
    inDocument('edit-member-submit')?.click();
    await stable();

    const request = backend.expectOne(`${AUTH_ROUTES.users}/id-olga`);
    expect(request.request.body).toEqual({ displayName: 'Olga Petrova' });
    request.flush(member('olga', ['viewer'], { displayName: 'Olga Petrova' }));
    await stable();
    expect(byTestId('user-row-olga')?.textContent).toContain('Olga Petrova');
  });

  it('removes a member after a confirmation, never oneself', async () => {
    await open('/', page([member('admin', ['admin']), member('olga', ['viewer'])]));
    byTestId('user-more-admin')?.click();
    await stable();
    expect(inDocument<HTMLButtonElement>('member-remove-admin')?.disabled).toBe(true);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await stable();

    await fromMenu('olga', 'member-remove');
    backend.expectNone(`${AUTH_ROUTES.users}/id-olga/membership`);
    inDocument('remove-dialog-confirm')?.click();
    await stable();
    const request = backend.expectOne(`${AUTH_ROUTES.users}/id-olga/membership`);
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await stable();
    listRequest().flush(page([member('admin', ['admin'])]));
    await stable();
    expect(rows()).toEqual(['user-row-admin']);
  });
});
