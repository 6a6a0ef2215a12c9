import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '@hyperion/web/auth-data';

import { ChangePasswordForm } from '../change-password-form/change-password-form';

/**
 * A new password, outside the console frame: the API refuses everything else until the user
 * chose one (first login of `admin`, or a password set by an administrator).
 */
@Component({
  selector: 'hyp-change-password-page',
  imports: [ChangePasswordForm, MatButtonModule, MatCardModule, RouterLink],
  templateUrl: './change-password-page.html',
  styleUrl: '../auth-screen.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePasswordPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly forced = this.auth.mustChangePassword;

  protected done(): void {
    void this.router.navigateByUrl('/');
  }

  protected logout(): void {
    this.auth.logout();
  }
}
