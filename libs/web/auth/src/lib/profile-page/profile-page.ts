import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatChipsModule } from '@angular/material/chips';
import { AuthService } from '@hyperion/web/auth-data';

import { ChangePasswordForm } from '../change-password-form/change-password-form';
import { SessionsCard } from '../sessions-card/sessions-card';
import { TwoFactorCard } from '../two-factor-card/two-factor-card';

/** The current user: who they are, their password, their second factor, their sessions. */
@Component({
  selector: 'hyp-profile-page',
  imports: [ChangePasswordForm, MatCardModule, MatChipsModule, SessionsCard, TwoFactorCard],
  templateUrl: './profile-page.html',
  styleUrl: './profile-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProfilePage {
  protected readonly user = inject(AuthService).currentUser;
  protected readonly passwordChanged = signal(false);
}
