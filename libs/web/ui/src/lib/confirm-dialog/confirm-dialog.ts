import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { apiErrorMessage, busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

export interface ConfirmDialogData {
  readonly title: string;
  /** One paragraph each: what will happen, and what the person should know. */
  readonly paragraphs: readonly string[];
  /** The button that does it, e.g. "Disable alice" or "Delete On-call email". */
  readonly confirmLabel: string;
  /** Red button: the action locks someone out or cannot be undone. */
  readonly danger?: boolean;
  /** The request the button sends; the dialog closes (with `true`) when it succeeds. */
  readonly action: () => Observable<unknown>;
  /** Said when the API gives no message of its own. */
  readonly errorFallback: string;
  /** `data-testid` of the dialog; its button is `<testId>-confirm`, its error `<testId>-error`. */
  readonly testId: string;
}

/**
 * "Are you sure?" before one action that locks someone out or cannot be undone (the
 * administration and notifications pages): names what it concerns, runs the request, and on
 * failure stays open with the reason (the focus starts on "Cancel", the safe choice).
 */
@Component({
  selector: 'hyp-confirm-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content [attr.data-testid]="data.testId">
      @for (paragraph of data.paragraphs; track $index) {
        <p>{{ paragraph }}</p>
      }
      @if (error(); as error) {
        <p class="dialog-error" role="alert" [attr.data-testid]="data.testId + '-error'">
          {{ error }}
        </p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close [disabled]="busy.active()">Cancel</button>
      <button
        matButton="filled"
        type="button"
        [class.danger]="data.danger"
        [attr.data-testid]="data.testId + '-confirm'"
        [disabled]="busy.active()"
        (click)="confirm()"
      >
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styleUrl: './confirm-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<ConfirmDialog, boolean>>(MatDialogRef);
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  protected confirm(): void {
    this.error.set(null);
    this.busy.track(this.data.action()).subscribe({
      next: () => this.dialogRef.close(true),
      error: (error: unknown) => this.error.set(apiErrorMessage(error, this.data.errorFallback)),
    });
  }
}
