import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Autofocus } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

export interface PromptDialogData {
  readonly title: string;
  /** What happens, one paragraph. */
  readonly lead?: string;
  readonly label: string;
  readonly value: string;
  readonly hint?: string;
  readonly confirmLabel: string;
  /** Why the value cannot be sent, or null. */
  readonly check: (value: string) => string | null;
  /** The request; the dialog closes with its answer, or stays open with the reason it failed. */
  readonly action: (value: string) => Observable<unknown>;
  readonly errorFallback: string;
  /** `data-testid` of the dialog; its field `<testId>-input`, button `<testId>-confirm`. */
  readonly testId: string;
}

/** One value to type (a folder name, a new path, a mode), sent at once; refusals stay in view. */
@Component({
  selector: 'hyp-file-prompt-dialog',
  imports: [
    Autofocus,
    FormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form (submit)="$event.preventDefault(); confirm()" novalidate>
      <mat-dialog-content [attr.data-testid]="data.testId">
        @if (data.lead) {
          <p>{{ data.lead }}</p>
        }
        <mat-form-field class="field" subscriptSizing="dynamic">
          <mat-label>{{ data.label }}</mat-label>
          <input
            matInput
            hypAutofocus
            name="value"
            spellcheck="false"
            autocomplete="off"
            [attr.data-testid]="data.testId + '-input'"
            [ngModel]="value()"
            (ngModelChange)="value.set($event); problem.set(null)"
          />
          @if (data.hint) {
            <mat-hint>{{ data.hint }}</mat-hint>
          }
        </mat-form-field>
        @if (problem(); as text) {
          <p class="dialog-error" role="alert" [attr.data-testid]="data.testId + '-error'">
            {{ text }}
          </p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close [disabled]="busy.active()">Cancel</button>
        <button
          matButton="filled"
          type="submit"
          [attr.data-testid]="data.testId + '-confirm'"
          [disabled]="busy.active()"
        >
          {{ data.confirmLabel }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .field {
      width: min(480px, 75vw);
    }
    .dialog-error {
      margin: 8px 0 0;
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PromptDialog {
  protected readonly data = inject<PromptDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<PromptDialog, unknown>>(MatDialogRef);
  protected readonly value = signal(this.data.value);
  protected readonly problem = signal<string | null>(null);
  protected readonly busy = busyFlag();

  protected confirm(): void {
    if (this.busy.active()) return;
    const value = this.value();
    const problem = this.data.check(value);
    if (problem) {
      this.problem.set(problem);
      return;
    }
    this.busy.track(this.data.action(value)).subscribe({
      next: (answer) => this.ref.close(answer ?? true),
      error: (error: unknown) => this.problem.set(apiErrorMessage(error, this.data.errorFallback)),
    });
  }
}
