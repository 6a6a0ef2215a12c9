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
import { INCIDENT_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { filter, map } from 'rxjs';

/** The tabs besides "Incidents" (settings only for those who may change them). */
const TABS = [
  { path: 'action-items', label: 'Action items', write: false },
  { path: 'stats', label: 'Stats', write: false },
  { path: 'settings', label: 'Settings', write: true },
] as const;

/**
 * Incidents: one tab per page (incidents, action items, stats, settings). "Incidents" stays
 * selected on a new incident, an incident's page and its post-mortem.
 */
@Component({
  selector: 'hyp-incidents-layout',
  imports: [MatTabsModule, RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <header>
      <h1 class="page-title">Incidents</h1>
    </header>
    <nav mat-tab-nav-bar aria-label="Incident pages" [tabPanel]="panel">
      <a mat-tab-link routerLink="." [active]="incidentsTabActive()" data-testid="incidents-tab">
        Incidents
      </a>
      @for (tab of tabs(); track tab.path) {
        <a
          mat-tab-link
          routerLinkActive
          #active="routerLinkActive"
          [routerLink]="tab.path"
          [active]="active.isActive"
          [attr.data-testid]="'incidents-tab-' + tab.path"
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
export class IncidentsLayout {
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
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

  protected readonly tabs = computed(() =>
    TABS.filter((tab) => !tab.write || this.auth.hasPermission(INCIDENT_PERMISSIONS.write)),
  );

  /** The list, a new incident, an incident and its post-mortem. */
  protected readonly incidentsTabActive = computed(() => {
    const path = this.path().split(/[?#]/)[0];
    if (path === this.base) return true;
    const prefix = this.base.endsWith('/') ? this.base : `${this.base}/`;
    if (!path.startsWith(prefix)) return false;
    const first = path.slice(prefix.length).split('/')[0];
    return !TABS.some((tab) => tab.path === first);
  });
}
