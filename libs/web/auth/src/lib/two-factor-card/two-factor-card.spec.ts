import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AUTH_ROUTES, CurrentUser, TwoFactorSetup } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { Observable, of } from 'rxjs';

import { TwoFactorCard } from './two-factor-card';

const setup: TwoFactorSetup = {
  otpauthUrl: 'otpauth://totp/Hyperion:ada?secret=ABC&issuer=Hyperion',
  qrCodeDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
  secret: 'JBSWY3DPEHPK3PXP',
};

function user(overrides: Partial<CurrentUser>): CurrentUser {
  return {
    id: 'u1',
    username: 'ada',
    email: 'ada@example.com',
    displayName: 'Ada',
    roles: [],
    permissions: [],
    twoFactorEnabled: true,
    recoveryCodesRemaining: 10,
    mustChangePassword: false,
    organization: null,
    organizations: [],
    ...overrides,
  };
}

/** The session as the card sees it: the user, reloaded after each change. */
class FakeAuthService implements Pick<AuthService, 'currentUser' | 'loadCurrentUser'> {
  readonly user = signal<CurrentUser | null>(user({}));
  readonly currentUser = this.user.asReadonly();
  /** What the next reload answers. */
  next: Partial<CurrentUser> = {};
  reloads = 0;

  loadCurrentUser(): Observable<CurrentUser> {
    this.reloads++;
    const updated = user(this.next);
    this.user.set(updated);
    return of(updated);
  }
}

describe('TwoFactorCard', () => {
  let auth: FakeAuthService;
  let backend: HttpTestingController;
  let fixture: ComponentFixture<TwoFactorCard>;

  const query = <T extends HTMLElement = HTMLElement>(testId: string): T | null =>
    (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${testId}"]`);
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  function type(testId: string, value: string): void {
    const input = query<HTMLInputElement>(testId);
    if (!input) throw new Error(`no ${testId}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function click(testId: string): Promise<void> {
    const button = query<HTMLButtonElement>(testId);
    if (!button) throw new Error(`no ${testId}`);
    button.click();
    await fixture.whenStable();
  }

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(TwoFactorCard);
    await fixture.whenStable();
  }

  beforeEach(() => {
    auth = new FakeAuthService();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AuthService, useValue: auth },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('says how many recovery codes are left, and warns when few remain', async () => {
    await render();
    expect(query('recovery-codes-left')?.textContent).toContain('10 recovery codes left.');
    expect(query('recovery-codes-left')?.classList).not.toContain('codes-left--few');

    auth.user.set(user({ recoveryCodesRemaining: 1 }));
    await fixture.whenStable();
    expect(query('recovery-codes-left')?.textContent).toContain('1 recovery code left.');
    expect(query('recovery-codes-left')?.textContent).toContain('Generate new ones');
  });

  it('turns 2FA off only with the password and a fresh code', async () => {
    await render();

    await click('two-factor-disable-submit');
    backend.expectNone(AUTH_ROUTES.twoFactorDisable);
    expect(text()).toContain('Enter your password.');

    type('two-factor-password', 'correct horse battery');
    type('two-factor-disable-code', '123 456');
    auth.next = { twoFactorEnabled: false, recoveryCodesRemaining: 0 };
    await click('two-factor-disable-submit');

    const request = backend.expectOne(AUTH_ROUTES.twoFactorDisable);
    expect(request.request.body).toEqual({ password: 'correct horse battery', code: '123456' });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    expect(auth.reloads).toBe(1);
    expect(query('two-factor-card')?.getAttribute('data-enabled')).toBe('false');
    expect(query('two-factor-done')?.textContent).toContain('Two-factor authentication is off.');
  });

  it('generates new recovery codes and shows them once', async () => {
    await render();
    type('two-factor-password', 'pw');
    type('two-factor-disable-code', '654321');
    await click('recovery-codes-regenerate');

    const request = backend.expectOne(AUTH_ROUTES.recoveryCodes);
    expect(request.request.body).toEqual({ password: 'pw', code: '654321' });
    request.flush({ recoveryCodes: ['aaaa-bbbb', 'cccc-dddd'] });
    await fixture.whenStable();

    expect(query('recovery-codes')?.textContent).toContain('aaaa-bbbb');
    await click('recovery-codes-done');
    expect(query('recovery-codes')).toBeNull();
    expect(query('recovery-codes-left')).not.toBeNull();
  });

  it('replaces the authenticator with a recovery code (lost phone): scan, confirm, new codes', async () => {
    await render();
    type('two-factor-password', 'pw');
    type('two-factor-disable-code', 'k3j9-x2m4');
    await click('two-factor-replace');

    const started = backend.expectOne(AUTH_ROUTES.twoFactorSetup);
    expect(started.request.body).toEqual({ password: 'pw', code: 'k3j9-x2m4' });
    started.flush(setup);
    await fixture.whenStable();

    expect(query('two-factor-secret')?.textContent).toBe(setup.secret);
    expect(text()).toContain('Scan this code with your new authenticator app');
    type('two-factor-enable-code', '111222');
    await click('two-factor-enable-submit');
    const enabled = backend.expectOne(AUTH_ROUTES.twoFactorEnable);
    expect(enabled.request.body).toEqual({ code: '111222' });
    enabled.flush({ recoveryCodes: ['new1-code', 'new2-code'] });
    await fixture.whenStable();

    expect(query('recovery-codes')?.textContent).toContain('new1-code');
    expect(query('two-factor-done')?.textContent).toContain('old one no longer works');
  });

  it('sets up 2FA without a confirmation while it is off', async () => {
    auth.user.set(user({ twoFactorEnabled: false, recoveryCodesRemaining: 0 }));
    await render();

    await click('two-factor-setup-start');
    const request = backend.expectOne(AUTH_ROUTES.twoFactorSetup);
    expect(request.request.body).toEqual({});
    request.flush(setup);
    await fixture.whenStable();

    expect(query('two-factor-qr')).not.toBeNull();
    expect(document.activeElement).toBe(query('two-factor-enable-code'));
  });

  it("shows the API's refusal in words", async () => {
    await render();
    type('two-factor-password', 'wrong');
    type('two-factor-disable-code', '123456');
    await click('two-factor-disable-submit');

    backend.expectOne(AUTH_ROUTES.twoFactorDisable).flush(
      {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'password is not correct',
        correlationId: 'c',
      },
      { status: 401, statusText: 'Unauthorized' },
    );
    await fixture.whenStable();

    expect(query('two-factor-error')?.textContent?.trim()).toBe('The password is not correct');
    expect(query('two-factor-card')?.getAttribute('data-enabled')).toBe('true');
  });
});
