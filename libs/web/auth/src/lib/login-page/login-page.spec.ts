import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { LoginRequest } from '@hyperion/contracts';
import { AuthService, LoginStep } from '@hyperion/web/auth-data';
import { Observable, Subject } from 'rxjs';

import { LoginPage } from './login-page';

/** Records each call and lets the test answer it. */
class FakeAuthService
  implements Pick<AuthService, 'login' | 'completeTwoFactor' | 'sessionEndedMessage'>
{
  readonly logins: LoginRequest[] = [];
  readonly sessionEndedMessage = signal<string | null>(null);
  readonly codes: { challenge: string; code: string }[] = [];
  answer = new Subject<LoginStep>();

  login(request: LoginRequest): Observable<LoginStep> {
    this.logins.push(request);
    return this.answer;
  }

  completeTwoFactor(challenge: string, code: string): Observable<LoginStep> {
    this.codes.push({ challenge, code });
    return this.answer;
  }

  /** Answers the pending call, and prepares the next one. */
  reply(step: LoginStep): void {
    const pending = this.answer;
    this.answer = new Subject<LoginStep>();
    pending.next(step);
    pending.complete();
  }

  fail(status: number, headers: Record<string, string> = {}): void {
    const pending = this.answer;
    this.answer = new Subject<LoginStep>();
    pending.error(
      new HttpErrorResponse({
        status,
        headers: new HttpHeaders(headers),
        error: { statusCode: status, error: 'x', message: 'x', correlationId: 'c' },
      }),
    );
  }
}

@Component({ template: '' })
class Blank {}

describe('LoginPage', () => {
  let auth: FakeAuthService;
  let fixture: ComponentFixture<LoginPage>;
  let router: Router;

  const query = <T extends HTMLElement = HTMLElement>(testId: string): T | null =>
    (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${testId}"]`);

  function type(testId: string, value: string): void {
    const input = query<HTMLInputElement>(testId);
    if (!input) throw new Error(`no ${testId}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(testId: string): Promise<void> {
    query<HTMLButtonElement>(testId)?.click();
    await fixture.whenStable();
  }

  async function render(returnUrl?: string): Promise<void> {
    fixture = TestBed.createComponent(LoginPage);
    if (returnUrl) fixture.componentRef.setInput('returnUrl', returnUrl);
    await fixture.whenStable();
  }

  beforeEach(() => {
    auth = new FakeAuthService();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', component: Blank }]),
        { provide: AuthService, useValue: auth },
      ],
    });
    router = TestBed.inject(Router);
  });

  it('asks for the code after the password of a 2FA account, then goes where the user was headed', async () => {
    await render('/audit?action=login');

    type('login-identifier', ' admin ');
    type('login-password', 'correct horse battery');
    await submit('login-submit');
    expect(auth.logins).toEqual([{ username: 'admin', password: 'correct horse battery' }]);

    auth.reply({ kind: 'two-factor', challenge: 'ch-1' });
    await fixture.whenStable();
    expect(query('login-form')).toBeNull();
    expect(query('two-factor-form')?.textContent).toContain('recovery code');

    type('two-factor-code', '123 456');
    await submit('two-factor-submit');
    expect(auth.codes).toEqual([{ challenge: 'ch-1', code: '123456' }]);

    auth.reply({ kind: 'signed-in', mustChangePassword: false });
    await fixture.whenStable();
    expect(router.url).toBe('/audit?action=login');
  });

  it('logs in by email when the identifier is one, and sends a forced password change first', async () => {
    await render('/health');

    type('login-identifier', 'admin@localhost');
    type('login-password', 'generated-password');
    await submit('login-submit');
    auth.reply({ kind: 'signed-in', mustChangePassword: true });
    await fixture.whenStable();

    expect(auth.logins).toEqual([{ email: 'admin@localhost', password: 'generated-password' }]);
    expect(router.url).toBe('/change-password');
  });

  it('never follows a returnUrl to another site', async () => {
    await render('//evil.example/phish');

    type('login-identifier', 'admin');
    type('login-password', 'pw');
    await submit('login-submit');
    auth.reply({ kind: 'signed-in', mustChangePassword: false });
    await fixture.whenStable();

    expect(router.url).toBe('/');
  });

  it('says clearly why the password step failed: 401, 423, 429 with the retry time', async () => {
    await render();
    type('login-identifier', 'admin');
    type('login-password', 'wrong');

    await submit('login-submit');
    auth.fail(401);
    await fixture.whenStable();
    expect(query('login-error')?.getAttribute('data-kind')).toBe('invalid');
    expect(query('login-error')?.textContent).toContain('Wrong username, email or password');

    await submit('login-submit');
    auth.fail(423);
    await fixture.whenStable();
    expect(query('login-error')?.getAttribute('data-kind')).toBe('locked');
    expect(query('login-error')?.textContent).toContain('locked');

    await submit('login-submit');
    auth.fail(429, { 'Retry-After': '42' });
    await fixture.whenStable();
    expect(query('login-error')?.getAttribute('data-kind')).toBe('rate-limited');
    expect(query('login-error')?.textContent).toContain('Try again in 42 seconds');
    expect(router.url).toBe('/');
    expect(auth.logins).toHaveLength(3);
  });

  it('rejects a wrong code without leaving the code step, and Back returns to the password', async () => {
    await render();
    type('login-identifier', 'admin');
    type('login-password', 'pw');
    await submit('login-submit');
    auth.reply({ kind: 'two-factor', challenge: 'ch-2' });
    await fixture.whenStable();

    type('two-factor-code', '000000');
    await submit('two-factor-submit');
    auth.fail(401);
    await fixture.whenStable();
    expect(query('login-error')?.textContent).toContain('That code is not valid');
    expect(query('two-factor-form')).not.toBeNull();

    await submit('two-factor-back');
    expect(query('two-factor-form')).toBeNull();
    expect(query('login-form')).not.toBeNull();
    expect(query('login-error')).toBeNull();
  });

  it('focuses the first field of each step', async () => {
    fixture = TestBed.createComponent(LoginPage);
    document.body.appendChild(fixture.nativeElement);
    await fixture.whenStable();
    expect(document.activeElement).toBe(query('login-identifier'));

    type('login-identifier', 'admin');
    type('login-password', 'pw');
    await submit('login-submit');
    auth.reply({ kind: 'two-factor', challenge: 'ch-3' });
    await fixture.whenStable();

    expect(document.activeElement).toBe(query('two-factor-code'));
    expect(query('two-factor-lead')?.textContent).toContain('recovery codes works too');
    (fixture.nativeElement as HTMLElement).remove();
  });

  it('does not call the API with empty fields, and shows the errors only once submitted', async () => {
    await render();
    query<HTMLInputElement>('login-identifier')?.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).not.toContain(
      'Enter your username or email.',
    );

    await submit('login-submit');

    expect(auth.logins).toEqual([]);
    expect((fixture.nativeElement as HTMLElement).textContent).toContain(
      'Enter your username or email.',
    );
  });
});
