import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { Router, RouterOutlet, provideRouter } from '@angular/router';

import { AlertsLayout } from './alerts-layout';

@Component({ selector: 'hyp-blank', template: '' })
class Blank {}

@Component({ selector: 'hyp-root', imports: [RouterOutlet], template: '<router-outlet />' })
class Root {}

describe('AlertsLayout', () => {
  it('selects the Alerts tab on the list (whatever its filters) and on an alert, each other tab on its page', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideNoopAnimations(),
        provideRouter([
          {
            path: 'alerts',
            component: AlertsLayout,
            children: [
              { path: '', component: Blank },
              { path: 'detail/:id', component: Blank },
              { path: 'reports', component: Blank },
              { path: 'services', component: Blank },
            ],
          },
        ]),
      ],
    });
    const fixture = TestBed.createComponent(Root);
    const router = TestBed.inject(Router);
    const element = fixture.nativeElement as HTMLElement;
    const current = () =>
      Array.from(element.querySelectorAll('.mdc-tab--active')).map((tab) =>
        tab.getAttribute('data-testid'),
      );
    const visit = async (url: string) => {
      await router.navigateByUrl(url);
      await fixture.whenStable();
    };

    await visit('/alerts?state=all&page=2');
    expect(current()).toEqual(['alerts-tab-alerts']);
    expect(
      Array.from(element.querySelectorAll('nav a')).map((tab) => tab.textContent?.trim()),
    ).toEqual(['Alerts', 'Services', 'Routing', 'Escalation policies', 'Silences', 'Reports']);
    expect(element.querySelector('[data-testid="alerts-tab-reports"]')?.getAttribute('href')).toBe(
      '/alerts/reports',
    );

    await visit('/alerts/detail/a-1');
    expect(current()).toEqual(['alerts-tab-alerts']);

    await visit('/alerts/reports');
    expect(current()).toEqual(['alerts-tab-reports']);
    expect(element.querySelector('[data-testid="alerts-tab-alerts"]')?.getAttribute('href')).toBe(
      '/alerts',
    );
  });
});
