import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import type { MyOrganization } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { apiErrorMessage } from '@hyperion/web/util';
import { finalize } from 'rxjs';

import { DEFAULT_MODULE_PATH } from '../../console-modules';

/**
 * The toolbar's organisation: its name, and, for a member of several, a menu to act in another
 * one. Switching starts a new session in that organisation (new tokens, reloaded permissions,
 * realtime reconnected) and opens the start page, since the page shown belonged to the old one.
 */
@Component({
  selector: 'hyp-organization-switcher',
  imports: [MatButtonModule, MatMenuModule],
  templateUrl: './organization-switcher.html',
  styleUrl: './organization-switcher.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganizationSwitcher {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly organizations = this.auth.organizations;
  protected readonly activeId = computed(() => this.auth.organization()?.id ?? null);
  protected readonly activeName = computed(
    () => this.auth.organization()?.name ?? 'No organisation',
  );
  /** A menu only when there is another organisation to go to. */
  protected readonly canSwitch = computed(() => this.organizations().length > 1);
  /** The organisation being switched to, while the API answers. */
  protected readonly switchingTo = signal<MyOrganization | null>(null);

  protected rolesOf(organization: MyOrganization): string {
    return organization.roles.length > 0 ? organization.roles.join(', ') : 'no roles';
  }

  protected choose(organization: MyOrganization): void {
    if (organization.id === this.activeId() || this.switchingTo()) {
      return;
    }
    this.switchingTo.set(organization);
    this.auth
      .switchOrganization(organization.id)
      .pipe(finalize(() => this.switchingTo.set(null)))
      .subscribe({
        next: (user) => {
          void this.router.navigateByUrl(`/${DEFAULT_MODULE_PATH}`);
          this.snackBar.open(
            `You are now working in ${user.organization?.name ?? organization.name}.`,
            undefined,
            { duration: 4000 },
          );
        },
        error: (error: unknown) =>
          this.snackBar.open(
            apiErrorMessage(error, `Could not switch to ${organization.name}.`),
            'Close',
          ),
      });
  }
}
