import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { NotificationChannelDetails, TestSendResponse } from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { apiErrorMessage, busyFlag, loadResource } from '@hyperion/web/util';
import { filter } from 'rxjs';

import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { kindInfo } from '../channel-kinds';
import { ChannelDialog, ChannelDialogData } from '../channels/channel-dialog';
import { TestSendDialog, TestSendDialogData } from '../channels/test-send-dialog';
import { NotificationChannelApi } from '../notification-channel-api';
import { ZonedTimePipe } from '../time/zoned-time.pipe';

/** A form dialog starts on its first field. */
const FIRST_FIELD = 'input';

/**
 * The notification channels of the active organisation: kind, on/off, delivered and failed
 * counts. With notifications:write: new channel, edit, enable/disable, delete (after a
 * confirmation naming it) and "Send test" with its receipt.
 */
@Component({
  selector: 'hyp-channels-page',
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    MatSlideToggleModule,
    MatTableModule,
    ZonedTimePipe,
  ],
  templateUrl: './channels-page.html',
  styleUrl: '../page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChannelsPage {
  private readonly api = inject(NotificationChannelApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  protected readonly canWrite = computed(() =>
    this.auth.hasPermission(NOTIFICATION_CHANNEL_PERMISSIONS.write),
  );
  protected readonly columns = computed(() => [
    'name',
    'kind',
    'enabled',
    'counters',
    'updatedAt',
    ...(this.canWrite() ? ['actions'] : []),
  ]);
  protected readonly channels = loadResource<NotificationChannelDetails[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The notification channels could not be loaded.',
  });
  protected readonly busy = busyFlag();
  protected readonly kindInfo = kindInfo;

  protected create(): void {
    this.openForm(null).subscribe((created) => {
      this.channels.update((list) => [...list, created]);
      this.snackBar.open(`Channel ${created.name} created.`, undefined, { duration: 4000 });
    });
  }

  protected edit(channel: NotificationChannelDetails): void {
    this.openForm(channel).subscribe((saved) => {
      this.replace(saved);
      this.snackBar.open(`Channel ${saved.name} saved.`, undefined, { duration: 4000 });
    });
  }

  protected setEnabled(channel: NotificationChannelDetails, enabled: boolean): void {
    this.busy.track(this.api.update(channel.id, { enabled })).subscribe({
      next: (saved) => {
        this.replace(saved);
        this.snackBar.open(
          enabled
            ? `${saved.name} enabled.`
            : `${saved.name} disabled: it sends nothing until enabled again.`,
          undefined,
          { duration: 5000 },
        );
      },
      error: (error: unknown) => {
        // The toggle shows the state the channel still has.
        this.replace({ ...channel });
        this.snackBar.open(apiErrorMessage(error, 'The channel could not be changed.'), 'Close');
      },
    });
  }

  protected sendTest(channel: NotificationChannelDetails): void {
    this.dialog
      .open<TestSendDialog, TestSendDialogData, TestSendResponse | undefined>(TestSendDialog, {
        data: { channel, send: () => this.api.test(channel.id) },
        width: '560px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .pipe(filter((receipt): receipt is TestSendResponse => receipt !== undefined))
      // The counters changed.
      .subscribe(() => this.channels.reload());
  }

  protected remove(channel: NotificationChannelDetails): void {
    const data: ConfirmDialogData = {
      title: `Delete the channel ${channel.name}?`,
      paragraphs: [
        `Hyperion stops sending through ${channel.name} at once; escalations that name it reach no one through it.`,
        'Its settings and secrets are deleted; this cannot be undone.',
      ],
      confirmLabel: `Delete ${channel.name}`,
      danger: true,
      action: () => this.busy.track(this.api.delete(channel.id)),
      errorFallback: 'The channel could not be deleted.',
      testId: 'channel-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        this.channels.update((list) => list.filter((c) => c.id !== channel.id));
        this.snackBar.open(`Channel ${channel.name} deleted.`, undefined, { duration: 4000 });
      });
  }

  private openForm(channel: NotificationChannelDetails | null) {
    return this.dialog
      .open<ChannelDialog, ChannelDialogData, NotificationChannelDetails | undefined>(
        ChannelDialog,
        {
          autoFocus: FIRST_FIELD,
          maxWidth: '95vw',
          data: {
            channel,
            create: (request) => this.busy.track(this.api.create(request)),
            update: (id, request) => this.busy.track(this.api.update(id, request)),
          },
        },
      )
      .afterClosed()
      .pipe(filter((saved): saved is NotificationChannelDetails => saved !== undefined));
  }

  private replace(saved: NotificationChannelDetails): void {
    this.channels.update((list) => list.map((c) => (c.id === saved.id ? saved : c)));
  }
}
