import { BreakpointObserver, Breakpoints } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '@hyperion/web/auth-data';
import { SocketService } from '@hyperion/web/realtime';
import { ConnectionBanner, Logo } from '@hyperion/web/ui';
import { map } from 'rxjs';

import { CONSOLE_MODULES, visibleModules } from '../console-modules';
import { APP_VERSION } from '../version';
import { OrganizationSwitcher } from './organization-switcher/organization-switcher';

/**
 * The console's frame: a "Skip to content" link first, toolbar with the logo, the active
 * organisation (its switcher) and the user menu, a banner while live updates are lost,
 * navigation drawer (side on wide screens, overlay on phones) listing the modules the user may
 * open with the version at its foot, and the page.
 */
@Component({
  selector: 'hyp-shell',
  imports: [
    ConnectionBanner,
    Logo,
    MatButtonModule,
    MatListModule,
    MatMenuModule,
    MatSidenavModule,
    MatToolbarModule,
    OrganizationSwitcher,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly auth = inject(AuthService);

  protected readonly version = APP_VERSION;
  protected readonly user = this.auth.currentUser;
  /** When live updates stopped (the shell creates the console's one live connection). */
  protected readonly liveLostSince = inject(SocketService).lostSince;
  protected readonly modules = computed(() =>
    visibleModules(CONSOLE_MODULES, (permission) => this.auth.hasPermission(permission)),
  );
  protected readonly handset = toSignal(
    inject(BreakpointObserver)
      .observe(Breakpoints.Handset)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly sidenavMode = computed(() => (this.handset() ? 'over' : 'side'));

  /** The skip link moves the focus to the page (a plain `#main` link would reload under `<base>`). */
  protected skipToContent(event: Event, main: HTMLElement): void {
    event.preventDefault();
    main.focus();
  }

  protected logout(): void {
    this.auth.logout();
  }
}
