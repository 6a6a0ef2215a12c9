import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { SYSTEM_PERMISSIONS } from '@hyperion/contracts';
import { apiErrorMessage, busyFlag, errorStatus } from '@hyperion/web/util';
import { Observable } from 'rxjs';

/**
 * A refusal of the processes or services API in words. A missing permission names it; the
 * API's own explanation is kept as it is for a refusal (409: pid 1, Hyperion itself, another
 * process now holds the pid), a unit it does not know (404) and a systemctl that failed or took
 * too long (502, 504), which say more than a status could.
 */
export function controlErrorMessage(error: unknown, fallback: string): string {
  const status = errorStatus(error);
  if (status === 403) {
    return `You need the ${SYSTEM_PERMISSIONS.control} permission for this: ask an administrator of this organisation.`;
  }
  if ([404, 409, 502, 504].includes(status) && error instanceof HttpErrorResponse) {
    const message = (error.error as { message?: unknown } | null)?.message;
    if (typeof message === 'string' && message.trim()) return message.trim();
  }
  return apiErrorMessage(error, fallback);
}

export interface ControlDialogData<T> {
  readonly title: string;
  /** One paragraph each: what will happen, and what the person should know. */
  readonly paragraphs: readonly string[];
  /** The button that does it ("Stop process 4242"). */
  readonly confirmLabel: string;
  /** Shown on the button while the request runs ("Stopping…"). */
  readonly busyLabel: string;
  readonly action: () => Observable<T>;
  readonly errorFallback: string;
  /** `data-testid` of the dialog; its button is `<testId>-confirm`, its error `<testId>-error`. */
  readonly testId: string;
}

/**
 * "Are you sure?" before stopping a process or changing a service: names what it concerns,
 * runs the request (saying so on the button, a stop can take the grace period), closes with the
 * API's answer, or stays open with the refusal in words. The focus starts on "Cancel".
 */
@Component({
  selector: 'hyp-control-dialog',
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
        class="danger"
        [attr.data-testid]="data.testId + '-confirm'"
        [disabled]="busy.active()"
        (click)="confirm()"
      >
        {{ busy.active() ? data.busyLabel : data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    p {
      overflow-wrap: anywhere;
    }
    .dialog-error {
      margin: 8px 0 0;
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .danger {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ControlDialog<T> {
  protected readonly data = inject<ControlDialogData<T>>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<ControlDialog<T>, T>>(MatDialogRef);
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  protected confirm(): void {
    this.error.set(null);
    this.dialogRef.disableClose = true;
    this.busy.track(this.data.action()).subscribe({
      next: (result) => this.dialogRef.close(result),
      error: (error: unknown) => {
        this.dialogRef.disableClose = false;
        this.error.set(controlErrorMessage(error, this.data.errorFallback));
      },
    });
  }
}
