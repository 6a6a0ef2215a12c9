import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** Administration: one tab per page (users, roles, API keys). */
@Component({
  selector: 'hyp-admin-layout',
  imports: [MatTabsModule, RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <header>
      <h1 class="page-title">Administration</h1>
    </header>
    <nav mat-tab-nav-bar aria-label="Administration pages" [tabPanel]="panel">
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
    .page-title {
      margin: 0;
      font: var(--mat-sys-headline-medium);
    }
    .panel {
      display: block;
      padding-top: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminLayout {
  protected readonly tabs = [
    { path: 'users', label: 'Users' },
    { path: 'roles', label: 'Roles' },
    { path: 'api-keys', label: 'API keys' },
  ] as const;
}
