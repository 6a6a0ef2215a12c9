import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { NotificationChannelDetails, TestSendResponse } from '@hyperion/contracts';
import { apiErrorMessage } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import { DeliveryReceipt } from '../receipt/delivery-receipt';

export interface TestSendDialogData {
  readonly channel: Pick<NotificationChannelDetails, 'id' | 'name'>;
  /** `POST /notification-channels/:id/test`. */
  readonly send: () => Observable<TestSendResponse>;
}

/**
 * "Send test": sends at once, shows the progress, then the receipt — Delivered, or Failed with
 * the reason — with every attempt. A refused request shows its reason too: never silent. Closes
 * with the receipt (the page then shows the new counters).
 */
@Component({
  selector: 'hyp-test-send-dialog',
  imports: [DeliveryReceipt, MatButtonModule, MatDialogModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title>Test of {{ data.channel.name }}</h2>
    <mat-dialog-content data-testid="test-send-dialog">
      @if (sending()) {
        <p role="status" data-testid="test-send-progress">
          Sending a test message through {{ data.channel.name }}…
        </p>
        <mat-progress-bar mode="indeterminate" aria-label="Sending the test message" />
      } @else if (receipt(); as receipt) {
        <hyp-delivery-receipt [delivery]="receipt" data-testid="test-send-receipt" />
      } @else if (error(); as error) {
        <p class="dialog-error" role="alert" data-testid="test-send-error">
          The test was not sent: {{ error }}
        </p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      @if (!sending()) {
        <button matButton type="button" data-testid="test-send-again" (click)="send()">
          Send again
        </button>
      }
      <button
        matButton="filled"
        type="button"
        data-testid="test-send-close"
        [disabled]="sending()"
        (click)="close()"
      >
        Close
      </button>
    </mat-dialog-actions>
  `,
  styleUrl: '../dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TestSendDialog {
  protected readonly data = inject<TestSendDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<TestSendDialog, TestSendResponse | undefined>>(MatDialogRef);
  protected readonly sending = signal(false);
  protected readonly receipt = signal<TestSendResponse | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.dialogRef.disableClose = true;
    this.send();
  }

  protected send(): void {
    this.sending.set(true);
    this.receipt.set(null);
    this.error.set(null);
    this.data.send().subscribe({
      next: (receipt) => {
        this.receipt.set(receipt);
        this.sending.set(false);
      },
      error: (error: unknown) => {
        this.error.set(apiErrorMessage(error, 'The test message could not be sent.'));
        this.sending.set(false);
      },
    });
  }

  protected close(): void {
    this.dialogRef.close(this.receipt() ?? undefined);
  }
}
