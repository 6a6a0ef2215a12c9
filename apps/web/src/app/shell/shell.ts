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
import { map } from 'rxjs';

import { CONSOLE_MODULES, visibleModules } from '../console-modules';
import { OrganizationSwitcher } from './organization-switcher/organization-switcher';

/**
 * The console's frame: toolbar with the active organisation (its switcher) and the user menu,
 * navigation drawer (side on wide screens, overlay on phones) listing the modules the user may
 * open, and the page.
 */
@Component({
  selector: 'hyp-shell',
  imports: [
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

  protected readonly user = this.auth.currentUser;
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

  protected logout(): void {
    this.auth.logout();
  }
}
