import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { HEALTH_ROUTES, HealthReport } from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';
import { EMPTY, NEVER } from 'rxjs';

import { App } from './app';
import { appRoutes } from './app.routes';

const report: HealthReport = {
  api: 'OK',
  database: 'OK',
  redis: 'OK',
  disk: {
    usage_percent: 30,
    path: '/data',
    threshold_percent: 90,
    healthy: true,
  },
  memory: {
    rss_mb: 150,
    heap_used_mb: 70,
    heap_total_mb: 100,
    system_usage_percent: 40,
    healthy: true,
  },
  status: 'healthy',
  timestamp: '2026-01-30T14:00:00.000Z',
};

const fakeSocket: Pick<SocketService, 'connected' | 'reconnected$' | 'on'> = {
  connected: signal(false),
  reconnected$: EMPTY,
  on: () => NEVER,
};

describe('App', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideRouter(appRoutes),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SocketService, useValue: fakeSocket },
      ],
    });
  });

  it('renders the toolbar and a navigation list with the Health link', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;

    expect(element.querySelector('mat-toolbar')?.textContent).toContain('Hyperion');
    const links = Array.from(element.querySelectorAll('mat-nav-list a'));
    expect(links.map((link) => link.textContent?.trim())).toEqual(['Health']);
    expect(links[0].getAttribute('href')).toBe('/health');
  });

  it('redirects / to the lazily loaded Health page and marks its link active', async () => {
    const fixture = TestBed.createComponent(App);
    const router = TestBed.inject(Router);

    await router.navigateByUrl('/');
    await fixture.whenStable();
    TestBed.inject(HttpTestingController).expectOne(HEALTH_ROUTES.all).flush(report);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;

    expect(router.url).toBe('/health');
    expect(element.querySelector('hyp-health-page')).not.toBeNull();
    expect(
      element.querySelector('[data-testid="overall-status"]')?.getAttribute('data-status'),
    ).toBe('healthy');
    expect(element.querySelector('[data-testid="nav-health"]')?.classList).toContain(
      'mdc-list-item--activated',
    );
  });
});
