import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormArray, FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { TerminalPrompt } from '@hyperion/contracts';

export interface TerminalPromptData {
  readonly prompt: TerminalPrompt;
  /** The host being signed in to, when known. */
  readonly hostName: string | null;
}

/**
 * A keyboard-interactive round of the host (a password, a one-time code …): each prompt with a
 * field, hidden when the host asks for no echo. Closes with the answers in order, or with
 * nothing when the person declines (the session being opened is then closed).
 */
@Component({
  selector: 'hyp-ssh-terminal-prompt-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  template: `
    <h2 mat-dialog-title>
      {{ data.hostName ? 'Sign in to “' + data.hostName + '”' : 'The host asks' }}
    </h2>
    <form (submit)="$event.preventDefault(); submit()" data-testid="ssh-terminal-prompt">
      <mat-dialog-content>
        @if (data.prompt.name) {
          <p class="name" data-testid="ssh-terminal-prompt-name">{{ data.prompt.name }}</p>
        }
        @if (data.prompt.instructions) {
          <p class="instructions" data-testid="ssh-terminal-prompt-instructions">
            {{ data.prompt.instructions }}
          </p>
        }
        @for (item of data.prompt.prompts; track $index) {
          <mat-form-field class="field">
            <mat-label>{{ item.prompt.trim() || 'Answer' }}</mat-label>
            <input
              matInput
              [type]="item.echo ? 'text' : 'password'"
              [formControl]="answers.at($index)"
              [attr.data-testid]="'ssh-terminal-prompt-answer-' + $index"
              [attr.autocomplete]="item.echo ? 'off' : 'current-password'"
              spellcheck="false"
              autocapitalize="off"
            />
          </mat-form-field>
        }
        @if (data.prompt.prompts.length === 0) {
          <p>The host asks nothing more: continue to go on.</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button
          matButton
          type="button"
          data-testid="ssh-terminal-prompt-cancel"
          (click)="decline()"
        >
          Cancel sign-in
        </button>
        <button matButton="filled" type="submit" data-testid="ssh-terminal-prompt-submit">
          Continue
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .field {
      display: block;
      width: 100%;
    }
    .instructions {
      white-space: pre-wrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TerminalPromptDialog {
  protected readonly data = inject<TerminalPromptData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<TerminalPromptDialog, string[] | null>>(MatDialogRef);
  protected readonly answers = new FormArray(
    this.data.prompt.prompts.map(() => new FormControl('', { nonNullable: true })),
  );

  protected submit(): void {
    this.dialogRef.close(this.answers.getRawValue());
  }

  protected decline(): void {
    this.dialogRef.close(null);
  }
}
