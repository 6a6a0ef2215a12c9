import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '@hyperion/web/auth-data';

/** The active organisation's administration: one tab per page (members, roles, API keys). */
@Component({
  selector: 'hyp-admin-layout',
  imports: [MatTabsModule, RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <header>
      <p class="eyebrow">Organisation</p>
      <h1 class="page-title" data-testid="organization-title">{{ organizationName() }}</h1>
    </header>
    <nav mat-tab-nav-bar [attr.aria-label]="organizationName() + ' pages'" [tabPanel]="panel">
      @for (tab of tabs; track tab.path) {
        <a
          mat-tab-link
          routerLinkActive
          #active="routerLinkActive"
          [routerLink]="tab.path"
          [active]="active.isActive"
          [attr.data-testid]="'admin-tab-' + tab.path"
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
    .eyebrow {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-large);
    }
    .panel {
      display: block;
      padding-top: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminLayout {
  private readonly auth = inject(AuthService);

  protected readonly organizationName = computed(
    () => this.auth.organization()?.name ?? 'No organisation',
  );
  protected readonly tabs = [
    { path: 'users', label: 'Members' },
    { path: 'roles', label: 'Roles' },
    { path: 'api-keys', label: 'API keys' },
  ] as const;
}
