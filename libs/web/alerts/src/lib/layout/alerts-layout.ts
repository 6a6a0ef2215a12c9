import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatTabsModule } from '@angular/material/tabs';
import {
  ActivatedRoute,
  NavigationEnd,
  Router,
  RouterLink,
  RouterLinkActive,
  RouterOutlet,
} from '@angular/router';
import { filter, map } from 'rxjs';

/**
 * Alerts: one tab per page (alerts, services, routing, escalation policies, silences, reports).
 * "Alerts" stays selected on an alert's detail page, "Services" on a service's.
 */
@Component({
  selector: 'hyp-alerts-layout',
  imports: [MatTabsModule, RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <header>
      <h1 class="page-title" data-testid="alerts-title">Alerts</h1>
    </header>
    <nav mat-tab-nav-bar aria-label="Alert pages" [tabPanel]="panel">
      <a mat-tab-link routerLink="." [active]="alertsTabActive()" data-testid="alerts-tab-alerts">
        Alerts
      </a>
      @for (tab of tabs; track tab.path) {
        <a
          mat-tab-link
          routerLinkActive
          #active="routerLinkActive"
          [routerLink]="tab.path"
          [active]="active.isActive"
          [attr.data-testid]="'alerts-tab-' + tab.path"
        >
          {{ tab.label }}
        </a>
      }
    </nav>
    <mat-tab-nav-panel #panel class="panel">
      <router-outlet />
    </mat-tab-nav-panel>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .panel {
      display: block;
      padding-top: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertsLayout {
  private readonly router = inject(Router);
  private readonly base = this.router.serializeUrl(
    this.router.createUrlTree(['.'], { relativeTo: inject(ActivatedRoute) }),
  );
  private readonly path = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.router.url),
    ),
    { initialValue: this.router.url },
  );

  protected readonly tabs = [
    { path: 'services', label: 'Services' },
    { path: 'routing', label: 'Routing' },
    { path: 'escalation', label: 'Escalation policies' },
    { path: 'silences', label: 'Silences' },
    { path: 'reports', label: 'Reports' },
  ] as const;

  /** The list (whatever its filters) and an alert's detail. */
  protected readonly alertsTabActive = computed(() => {
    const path = this.path().split(/[?#]/)[0];
    return path === this.base || path.startsWith(`${this.base}/detail/`);
  });
}
