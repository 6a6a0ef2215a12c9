import { HttpErrorResponse } from '@angular/common/http';
import { Component, computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { CurrentUser, MyOrganization } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { Observable, Subject } from 'rxjs';

import { OrganizationSwitcher } from './organization-switcher';

const DEFAULT: MyOrganization = {
  id: 'org-1',
  name: 'Default',
  slug: 'default',
  roles: ['viewer'],
};
const BETA: MyOrganization = {
  id: 'org-2',
  name: 'Beta',
  slug: 'beta',
  roles: ['admin', 'operator'],
};

function userIn(active: MyOrganization, organizations: MyOrganization[]): CurrentUser {
  return {
    id: 'u1',
    username: 'ada',
    email: 'ada@example.com',
    displayName: 'Ada Lovelace',
    roles: active.roles,
    permissions: [],
    twoFactorEnabled: false,
    recoveryCodesRemaining: 0,
    mustChangePassword: false,
    organization: { id: active.id, name: active.name, slug: active.slug },
    organizations,
  };
}

/** The session as the switcher sees it; each switch waits for the test to answer it. */
class FakeAuthService {
  readonly currentUser = signal<CurrentUser | null>(null);
  readonly organization = computed(() => this.currentUser()?.organization ?? null);
  readonly organizations = computed(() => this.currentUser()?.organizations ?? []);
  readonly switches: { id: string; answer: Subject<CurrentUser> }[] = [];

  switchOrganization(id: string): Observable<CurrentUser> {
    const answer = new Subject<CurrentUser>();
    this.switches.push({ id, answer });
    return answer;
  }
}

@Component({ template: '' })
class Blank {}

describe('OrganizationSwitcher', () => {
  let auth: FakeAuthService;
  let fixture: ComponentFixture<OrganizationSwitcher>;
  let router: Router;

  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): HTMLElement | null =>
    document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const options = (): HTMLElement[] =>
    Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="org-option-"]'));
  const snackBarText = (): string =>
    document.querySelector('.mat-mdc-snack-bar-label')?.textContent?.trim() ?? '';

  async function render(user: CurrentUser): Promise<void> {
    auth.currentUser.set(user);
    fixture = TestBed.createComponent(OrganizationSwitcher);
    await router.navigateByUrl('/admin/api-keys');
    await fixture.whenStable();
  }

  async function openMenu(): Promise<void> {
    byTestId('org-switcher')?.click();
    await fixture.whenStable();
  }

  async function choose(slug: string): Promise<void> {
    byTestId(`org-option-${slug}`)?.click();
    await fixture.whenStable();
  }

  beforeEach(() => {
    auth = new FakeAuthService();
    TestBed.configureTestingModule({
      imports: [OrganizationSwitcher],
      providers: [
        provideRouter([{ path: '**', component: Blank }]),
        { provide: AuthService, useValue: auth },
      ],
    });
    router = TestBed.inject(Router);
  });

  it('shows the name alone, without a menu, to a member of one organisation', async () => {
    await render(userIn(DEFAULT, [DEFAULT]));

    expect(byTestId('active-organization')?.textContent?.trim()).toBe('Default');
    expect(element().querySelector('button')).toBeNull();
  });

  it('lists every organisation with the roles held there, the active one checked', async () => {
    await render(userIn(DEFAULT, [DEFAULT, BETA]));

    const trigger = byTestId('org-switcher');
    expect(trigger?.textContent).toContain('Default');
    expect(trigger?.getAttribute('aria-label')).toBe('Organisation: Default. Switch organisation');
    await openMenu();

    expect(options().map((o) => o.getAttribute('data-name'))).toEqual(['Default', 'Beta']);
    expect(options().map((o) => o.getAttribute('role'))).toEqual([
      'menuitemradio',
      'menuitemradio',
    ]);
    expect(options().map((o) => o.getAttribute('aria-checked'))).toEqual(['true', 'false']);
    expect(byTestId('org-option-default')?.textContent).toContain('Current');
    expect(byTestId('org-option-beta')?.textContent).toContain('Your roles: admin, operator');
  });

  it('switches to the chosen organisation, then opens the start page', async () => {
    await render(userIn(DEFAULT, [DEFAULT, BETA]));
    await openMenu();
    await choose('beta');

    expect(auth.switches.map((s) => s.id)).toEqual(['org-2']);
    expect(byTestId('org-switching')?.textContent).toBe('Switching to Beta…');
    expect(router.url).toBe('/admin/api-keys');

    const inBeta = userIn(BETA, [DEFAULT, BETA]);
    auth.currentUser.set(inBeta);
    auth.switches[0].answer.next(inBeta);
    auth.switches[0].answer.complete();
    await fixture.whenStable();

    expect(router.url).toBe('/health');
    expect(byTestId('org-switching')).toBeNull();
    expect(byTestId('active-organization')?.textContent?.trim()).toBe('Beta');
    expect(snackBarText()).toBe('You are now working in Beta.');
  });

  it('does nothing when the active organisation is chosen again', async () => {
    await render(userIn(DEFAULT, [DEFAULT, BETA]));
    await openMenu();
    await choose('default');

    expect(auth.switches).toEqual([]);
    expect(router.url).toBe('/admin/api-keys');
  });

  it('says why a switch was refused, and stays where it was', async () => {
    await render(userIn(DEFAULT, [DEFAULT, BETA]));
    await openMenu();
    await choose('beta');

    auth.switches[0].answer.error(
      new HttpErrorResponse({
        status: 403,
        error: { statusCode: 403, error: 'Forbidden', message: 'Beta is disabled' },
      }),
    );
    await fixture.whenStable();

    // Shown until dismissed: the message and its "Close" action.
    expect(snackBarText()).toMatch(/^Beta is disabled\s+Close$/);
    expect(router.url).toBe('/admin/api-keys');
    expect(byTestId('active-organization')?.textContent?.trim()).toBe('Default');
    expect(byTestId('org-switching')).toBeNull();
  });
});
