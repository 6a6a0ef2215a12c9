import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** Notifications: one tab per page (channels, deliveries, pages, schedules, teams, contacts). */
@Component({
  selector: 'hyp-notifications-layout',
  imports: [MatTabsModule, RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <header>
      <h1 class="page-title" data-testid="notifications-title">Notifications</h1>
    </header>
    <nav mat-tab-nav-bar aria-label="Notification pages" [tabPanel]="panel">
      @for (tab of tabs; track tab.path) {
        <a
          mat-tab-link
          routerLinkActive
          #active="routerLinkActive"
          [routerLink]="tab.path"
          [active]="active.isActive"
          [attr.data-testid]="'notifications-tab-' + tab.path"
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
export class NotificationsLayout {
  protected readonly tabs = [
    { path: 'channels', label: 'Channels' },
    { path: 'deliveries', label: 'Deliveries' },
    { path: 'pages', label: 'Pages' },
    { path: 'schedules', label: 'On-call schedules' },
    { path: 'teams', label: 'Teams' },
    { path: 'contacts', label: 'Contacts' },
  ] as const;
}
