import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** The two pages of the host's system, processes and services: links, the current one marked. */
@Component({
  selector: 'hyp-system-nav',
  imports: [RouterLink, RouterLinkActive],
  template: `
    <nav aria-label="Processes and services">
      @for (link of links; track link.path) {
        <a
          [routerLink]="['..', link.path]"
          routerLinkActive="current"
          ariaCurrentWhenActive="page"
          [attr.data-testid]="'system-tab-' + link.path"
          >{{ link.label }}</a
        >
      }
    </nav>
  `,
  styles: `
    nav {
      display: flex;
      gap: 4px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    a {
      padding: 10px 16px;
      border-bottom: 3px solid transparent;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-title-small);
      text-decoration: none;
    }
    a:hover {
      color: var(--mat-sys-on-surface);
    }
    a:focus-visible {
      outline: 3px solid var(--hyp-focus, #0b4fb3);
      outline-offset: -3px;
    }
    a.current {
      border-bottom-color: var(--mat-sys-primary);
      color: var(--mat-sys-primary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SystemNav {
  protected readonly links = [
    { path: 'processes', label: 'Processes' },
    { path: 'services', label: 'Services' },
  ];
}
