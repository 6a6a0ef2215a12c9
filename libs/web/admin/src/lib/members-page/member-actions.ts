import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { UserSummary } from '@hyperion/contracts';
import { BusyFlag } from '@hyperion/web/util';
import { Observable, filter, map } from 'rxjs';

import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { AdminApi } from '../admin-api';
import { EditMemberDialog, EditMemberDialogData } from './edit-member-dialog';
import { ResetPasswordDialog, ResetPasswordDialogData } from './reset-password-dialog';

/** A form dialog starts on its first field (a confirmation on its first button, "Cancel"). */
const FIRST_FIELD = 'input';

/**
 * The members page's actions that ask first: each opens its dialog, which sends the request and
 * shows a refusal in place; the returned stream emits the member as changed once it succeeded
 * and completes without a value when the dialog was cancelled. Provided by the page, whose busy
 * flag marks the requests.
 */
@Injectable()
export class MemberActions {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);

  disable(member: UserSummary, busy: BusyFlag): Observable<UserSummary> {
    return this.confirm(
      {
        title: `Disable ${member.displayName} (${member.username})?`,
        paragraphs: [
          `${member.username} will be signed out everywhere and cannot sign in until an administrator enables the account again. Their API keys stop working too.`,
          'The account, its history and its roles are kept.',
        ],
        confirmLabel: `Disable ${member.username}`,
        danger: true,
        action: () => busy.track(this.api.updateUser(member.id, { status: 'disabled' })),
        errorFallback: 'The account could not be disabled.',
        testId: 'disable-dialog',
      },
      { ...member, status: 'disabled' },
    );
  }

  resetTwoFactor(member: UserSummary, busy: BusyFlag): Observable<UserSummary> {
    return this.confirm(
      {
        title: `Reset two-factor authentication of ${member.username}?`,
        paragraphs: [
          `${member.displayName} will sign in with the password only: their authenticator app and recovery codes stop working.`,
          'Ask them to set up two-factor authentication again from their profile right after signing in.',
        ],
        confirmLabel: 'Reset 2FA',
        danger: true,
        action: () => busy.track(this.api.resetTwoFactor(member.id)),
        errorFallback: 'Two-factor authentication could not be reset.',
        testId: 'reset-2fa-dialog',
      },
      { ...member, twoFactorEnabled: false },
    );
  }

  /** Out of the organisation (409 when it would leave nobody to administer it). */
  remove(member: UserSummary, organizationName: string, busy: BusyFlag): Observable<UserSummary> {
    return this.confirm(
      {
        title: `Remove ${member.username} from ${organizationName}?`,
        paragraphs: [
          `${member.displayName} loses their roles here. Their account and their other organisations stay.`,
        ],
        confirmLabel: `Remove ${member.username}`,
        danger: true,
        action: () => busy.track(this.api.removeMember(member.id)),
        errorFallback: 'The member could not be removed.',
        testId: 'remove-dialog',
      },
      member,
    );
  }

  /** A temporary password the member must change at the next sign-in. */
  resetPassword(member: UserSummary, busy: BusyFlag): Observable<UserSummary> {
    return this.dialog
      .open<ResetPasswordDialog, ResetPasswordDialogData, boolean>(ResetPasswordDialog, {
        autoFocus: FIRST_FIELD,
        data: {
          member,
          submit: (password) => busy.track(this.api.resetPassword(member.id, { password })),
        },
      })
      .afterClosed()
      .pipe(
        filter((done) => done === true),
        map(() => ({ ...member, mustChangePassword: true, lockedUntil: null })),
      );
  }

  /** Display name and email. */
  editDetails(member: UserSummary, busy: BusyFlag): Observable<UserSummary> {
    return this.dialog
      .open<EditMemberDialog, EditMemberDialogData, UserSummary | undefined>(EditMemberDialog, {
        autoFocus: FIRST_FIELD,
        data: { member, submit: (change) => busy.track(this.api.updateUser(member.id, change)) },
      })
      .afterClosed()
      .pipe(filter((updated): updated is UserSummary => updated !== undefined));
  }

  private confirm(data: ConfirmDialogData, changed: UserSummary): Observable<UserSummary> {
    return this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        map(() => changed),
      );
  }
}
