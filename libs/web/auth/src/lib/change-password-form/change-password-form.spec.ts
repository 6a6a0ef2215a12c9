import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { ChangePasswordRequest } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { Observable, Subject } from 'rxjs';

import { ChangePasswordForm } from './change-password-form';

class FakeAuthService implements Pick<AuthService, 'changePassword'> {
  readonly requests: ChangePasswordRequest[] = [];
  answer = new Subject<void>();

  changePassword(request: ChangePasswordRequest): Observable<void> {
    this.requests.push(request);
    return this.answer;
  }
}

describe('ChangePasswordForm', () => {
  let auth: FakeAuthService;
  let fixture: ComponentFixture<ChangePasswordForm>;

  const query = <T extends HTMLElement = HTMLElement>(testId: string): T | null =>
    (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${testId}"]`);
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  function type(testId: string, value: string): void {
    const input = query<HTMLInputElement>(testId);
    if (!input) throw new Error(`no ${testId}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  async function submit(): Promise<void> {
    query<HTMLButtonElement>('change-password-submit')?.click();
    await fixture.whenStable();
  }

  async function render(autofocus: boolean): Promise<void> {
    fixture = TestBed.createComponent(ChangePasswordForm);
    fixture.componentRef.setInput('autofocus', autofocus);
    document.body.appendChild(fixture.nativeElement);
    await fixture.whenStable();
  }

  beforeEach(() => {
    auth = new FakeAuthService();
    TestBed.configureTestingModule({ providers: [{ provide: AuthService, useValue: auth }] });
  });

  afterEach(() => (fixture.nativeElement as HTMLElement).remove());

  it('focuses the current password on its own page, and shows errors only after submit', async () => {
    await render(true);
    expect(document.activeElement).toBe(query('current-password'));

    type('new-password', 'short');
    type('confirm-password', 'other');
    await fixture.whenStable();
    expect(text()).not.toContain('At least 12 characters.');
    expect(query('password-mismatch')).toBeNull();

    await submit();
    expect(text()).toContain('Enter your current password.');
    expect(text()).toContain('At least 12 characters.');
    expect(query('password-mismatch')).not.toBeNull();
    expect(auth.requests).toEqual([]);
  });

  it('leaves the focus alone when embedded in the profile', async () => {
    await render(false);
    expect(document.activeElement).not.toBe(query('current-password'));
  });

  it("shows the API's reason against a weak password under the field", async () => {
    await render(false);
    type('current-password', 'my-old-password');
    type('new-password', 'password1234');
    type('confirm-password', 'password1234');
    await submit();
    expect(auth.requests).toEqual([
      { currentPassword: 'my-old-password', newPassword: 'password1234' },
    ]);

    auth.answer.error(
      new HttpErrorResponse({
        status: 400,
        error: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'newPassword is too common: it is among the most used passwords',
          correlationId: 'c1',
        },
      }),
    );
    await fixture.whenStable();

    expect(query('new-password-problem')?.textContent?.trim()).toBe(
      'The new password is too common: it is among the most used passwords',
    );
    expect(query('change-password-error')).toBeNull();

    type('new-password', 'a much longer and stranger passphrase');
    await fixture.whenStable();
    expect(query('new-password-problem')).toBeNull();
  });

  it('says "your current password is not correct" in words', async () => {
    await render(false);
    type('current-password', 'wrong-password');
    type('new-password', 'a strange new passphrase');
    type('confirm-password', 'a strange new passphrase');
    await submit();

    auth.answer.error(
      new HttpErrorResponse({
        status: 401,
        error: {
          statusCode: 401,
          error: 'Unauthorized',
          message: 'currentPassword is not correct',
          correlationId: 'c2',
        },
      }),
    );
    await fixture.whenStable();

    expect(query('change-password-error')?.textContent?.trim()).toBe(
      'Your current password is not correct',
    );
  });
});
