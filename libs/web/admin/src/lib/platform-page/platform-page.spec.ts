import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ORGANIZATION_ROUTES, ORGANIZATION_RULES, OrganizationSummary } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { of } from 'rxjs';

import { PlatformPage } from './platform-page';

const DEFAULT: OrganizationSummary = {
  id: 'org-1',
  name: 'Default',
  slug: 'default',
  createdAt: '2026-11-01T10:00:00.000Z',
  disabledAt: null,
  memberCount: 3,
};
const BETA: OrganizationSummary = {
  ...DEFAULT,
  id: 'org-2',
  name: 'Beta',
  slug: 'beta',
  memberCount: 1,
};

describe('PlatformPage', () => {
  let fixture: ComponentFixture<PlatformPage>;
  let backend: HttpTestingController;
  let userReloads: number;

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
    el().querySelector<T>(`[data-testid="${id}"]`);

  /** Runs effects and change detection, and lets answers settle (requests may stay open). */
  async function stable(): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }

  async function type(id: string, value: string): Promise<void> {
    const input = byTestId<HTMLInputElement>(id);
    if (!input) throw new Error(`No ${id}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await stable();
  }

  beforeEach(async () => {
    userReloads = 0;
    TestBed.configureTestingModule({
      imports: [PlatformPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AuthService, useValue: { loadCurrentUser: () => of(userReloads++) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PlatformPage);
    await stable();
    backend.expectOne(ORGANIZATION_ROUTES.platformOrganizations).flush([DEFAULT]);
    await stable();
    byTestId('new-organization-button')?.click();
    await stable();
  });

  afterEach(() => backend.verify());

  it('lists the organisations with their members and state', () => {
    const row = byTestId('organization-row-default');
    expect(row?.getAttribute('data-members')).toBe('3');
    expect(row?.getAttribute('data-disabled')).toBe('false');
    expect(row?.textContent).toContain('Active');
  });

  it("proposes the slug from the name and shows the contracts' rule inline", async () => {
    await type('organization-name', 'Ops Team');
    expect(byTestId<HTMLInputElement>('organization-slug')?.value).toBe('ops-team');
    expect(byTestId('organization-slug-error')).toBeNull();

    await type('organization-slug', 'Ops_Team');
    expect(byTestId('organization-slug-error')?.textContent?.trim()).toBe(
      `${ORGANIZATION_RULES.slugHint}.`,
    );
    byTestId('organization-submit')?.click();
    await stable();
    backend.expectNone(ORGANIZATION_ROUTES.platformOrganizations);
  });

  it('says the slug is taken when the API answers 409', async () => {
    await type('organization-name', 'Default copy');
    await type('organization-slug', 'default');
    byTestId('organization-submit')?.click();
    await stable();

    const request = backend.expectOne(ORGANIZATION_ROUTES.platformOrganizations);
    expect(request.request.body).toEqual({ name: 'Default copy', slug: 'default' });
    request.flush(
      { statusCode: 409, error: 'Conflict', message: 'The slug "default" is taken' },
      { status: 409, statusText: 'Conflict' },
    );
    await stable();

    expect(byTestId('organization-form-error')?.textContent?.trim()).toBe(
      'The slug "default" is taken',
    );
    expect(byTestId('organization-slug-error')?.textContent?.trim()).toBe(
      'Another organisation has this slug.',
    );
    expect(userReloads).toBe(0);
  });

  it('creates one, lists it, and refreshes the organisations of the toolbar', async () => {
    await type('organization-name', 'Beta');
    byTestId('organization-submit')?.click();
    await stable();
    backend.expectOne(ORGANIZATION_ROUTES.platformOrganizations).flush(BETA, {
      status: 201,
      statusText: 'Created',
    });
    await stable();

    expect(byTestId('organization-row-beta')).not.toBeNull();
    expect(byTestId('organization-form')).toBeNull();
    expect(userReloads).toBe(1);
    backend.expectOne(ORGANIZATION_ROUTES.platformOrganizations).flush([DEFAULT, BETA]);
    await stable();
    expect(byTestId('organization-row-beta')?.getAttribute('data-members')).toBe('1');
  });

  it('disables an organisation only after confirmation', async () => {
    const toggle = () => byTestId<HTMLButtonElement>('organization-toggle-default');
    toggle()?.click();
    await stable();
    backend.expectNone(`${ORGANIZATION_ROUTES.platformOrganizations}/org-1`);
    expect(toggle()?.textContent?.trim()).toBe('Really disable?');

    toggle()?.click();
    await stable();
    const request = backend.expectOne(`${ORGANIZATION_ROUTES.platformOrganizations}/org-1`);
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ disabled: true });
    request.flush({ ...DEFAULT, disabledAt: '2026-11-22T10:00:00.000Z' });
    await stable();

    expect(byTestId('organization-row-default')?.getAttribute('data-disabled')).toBe('true');
    expect(toggle()?.textContent?.trim()).toBe('Enable');
  });
});
