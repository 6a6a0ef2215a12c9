import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AUTH_ROUTES, SessionSummary } from '@hyperion/contracts';

import { SessionsCard } from './sessions-card';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

const here: SessionSummary = {
  id: 's-here',
  createdAt: minutesAgo(120),
  lastUsedAt: minutesAgo(1),
  expiresAt: minutesAgo(-10_000),
  organizationId: null,
  ip: '127.0.0.1',
  userAgent: FIREFOX,
  method: 'password',
  current: true,
};
const phone: SessionSummary = {
  ...here,
  id: 's-phone',
  ip: '198.51.100.4',
  userAgent: PHONE,
  lastUsedAt: minutesAgo(5),
  current: false,
};
const laptop: SessionSummary = { ...phone, id: 's-laptop', userAgent: 'curl/8.5.0' };

describe('SessionsCard', () => {
  let fixture: ComponentFixture<SessionsCard>;
  let backend: HttpTestingController;

  const all = (testId: string): HTMLElement[] =>
    Array.from(fixture.nativeElement.querySelectorAll(`[data-testid="${testId}"]`));
  const one = (testId: string): HTMLElement | null =>
    fixture.nativeElement.querySelector(`[data-testid="${testId}"]`);
  const text = (testId: string) => one(testId)?.textContent?.trim() ?? null;

  async function render(sessions: SessionSummary[]): Promise<void> {
    TestBed.configureTestingModule({
      imports: [SessionsCard],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SessionsCard);
    fixture.detectChanges();
    backend.expectOne(AUTH_ROUTES.sessions).flush(sessions);
    await fixture.whenStable();
  }

  afterEach(() => backend.verify());

  it('lists the sessions in words, this one first and marked, without a sign-out of its own', async () => {
    await render([phone, here]);

    const rows = all('session-row');
    expect(rows.map((r) => r.getAttribute('data-current'))).toEqual(['true', 'false']);
    expect(all('session-device').map((d) => d.textContent?.trim())).toEqual([
      'Firefox on Linux',
      'Safari on iPhone',
    ]);
    expect(all('session-ip').map((d) => d.textContent?.trim())).toEqual([
      '127.0.0.1',
      '198.51.100.4',
    ]);
    expect(all('session-last-active')[1].textContent?.trim()).toBe('5 minutes ago');
    expect(text('session-current')).toBe('This session');
    expect(all('session-sign-out')).toHaveLength(1);
  });

  it('signs out another session after a confirming second click', async () => {
    await render([here, phone]);

    one('session-sign-out')?.click();
    await fixture.whenStable();
    expect(text('session-sign-out')).toBe('Really sign out?');
    backend.expectNone(`${AUTH_ROUTES.sessions}/s-phone`);
    one('session-sign-out')?.click();
    const revoke = backend.expectOne(`${AUTH_ROUTES.sessions}/s-phone`);
    expect(revoke.request.method).toBe('DELETE');
    revoke.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    expect(all('session-row')).toHaveLength(1);
    expect(text('sessions-done')).toBe('Signed out Safari on iPhone.');
  });

  it('signs out everywhere else after confirming, keeping this session', async () => {
    await render([here, phone, laptop]);

    one('sessions-revoke-others')?.click();
    await fixture.whenStable();
    expect(text('sessions-revoke-others')).toBe('Really sign out 2 other sessions?');
    one('sessions-revoke-others')?.click();
    const request = backend.expectOne(AUTH_ROUTES.sessionsRevokeOthers);
    expect(request.request.method).toBe('POST');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    expect(all('session-row').map((r) => r.getAttribute('data-current'))).toEqual(['true']);
    expect(text('sessions-done')).toBe('Signed out everywhere else (2 other sessions).');
    expect(one('sessions-revoke-others')).toBeNull();
  });

  it('says clearly when a sign-out fails, and keeps the list', async () => {
    await render([here, phone]);

    one('sessions-revoke-others')?.click();
    await fixture.whenStable();
    one('sessions-revoke-others')?.click();
    backend
      .expectOne(AUTH_ROUTES.sessionsRevokeOthers)
      .flush(null, { status: 0, statusText: 'Unknown Error' });
    await fixture.whenStable();

    expect(text('sessions-error')).toMatch(/Cannot reach Hyperion/);
    expect(all('session-row')).toHaveLength(2);
  });

  it('reloads the list when the session had already ended', async () => {
    await render([here, phone]);

    one('session-sign-out')?.click();
    await fixture.whenStable();
    one('session-sign-out')?.click();
    backend
      .expectOne(`${AUTH_ROUTES.sessions}/s-phone`)
      .flush(
        { statusCode: 404, message: 'Session not found (it may have ended already)' },
        { status: 404, statusText: 'Not Found' },
      );
    TestBed.tick();
    backend.expectOne(AUTH_ROUTES.sessions).flush([here]);
    await fixture.whenStable();

    expect(text('sessions-done')).toBe('Safari on iPhone was already signed out.');
    expect(all('session-row')).toHaveLength(1);
  });

  it('offers a retry when the list cannot be loaded', async () => {
    TestBed.configureTestingModule({
      imports: [SessionsCard],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SessionsCard);
    fixture.detectChanges();
    backend
      .expectOne(AUTH_ROUTES.sessions)
      .flush(
        { statusCode: 500, message: 'Internal server error', correlationId: 'c-1' },
        { status: 500, statusText: 'Internal Server Error' },
      );
    await fixture.whenStable();

    expect(text('sessions-load-error')).toContain('Retry');
    one('sessions-load-error')?.querySelector('button')?.click();
    TestBed.tick();
    backend.expectOne(AUTH_ROUTES.sessions).flush([here]);
    await fixture.whenStable();
    expect(one('sessions-load-error')).toBeNull();
    expect(all('session-row')).toHaveLength(1);
  });
});
