import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { FileEntry } from '@hyperion/contracts';

import { sizeText } from '../file-format';
import type { ConflictChoice } from '../uploads/upload-queue';

export interface ConflictDialogData {
  readonly name: string;
  /** Where it would go. */
  readonly path: string;
  /** Its size. */
  readonly size: number;
  /** What is there, as listed (null: created since the folder was listed). */
  readonly existing: FileEntry | null;
  /** Whether other files of the batch are still to come ("apply to all" makes sense). */
  readonly more: boolean;
}

/**
 * A file being uploaded exists already: replace it (only the version listed; a file changed since
 * is refused, not overwritten) or skip it, and optionally the same for the rest of the upload.
 * Escape or closing it skips.
 */
@Component({
  selector: 'hyp-file-conflict-dialog',
  imports: [MatButtonModule, MatCheckboxModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>“{{ data.name }}” exists already</h2>
    <mat-dialog-content data-testid="file-conflict-dialog">
      <p>
        <span class="mono">{{ data.path }}</span> is already in this folder{{ existingText }}. The
        file you upload is {{ sizeText(data.size) }}.
      </p>
      <p>Replace it with the file you upload, or skip this file?</p>
      @if (data.more) {
        <mat-checkbox
          data-testid="file-conflict-all"
          [checked]="all()"
          (change)="all.set($event.checked)"
          >Do the same for the other files of this upload that exist</mat-checkbox
        >
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" data-testid="file-conflict-skip" (click)="choose('skip')">
        Skip
      </button>
      <button
        matButton="filled"
        type="button"
        data-testid="file-conflict-replace"
        (click)="choose('replace')"
      >
        Replace
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .mono {
      font-family: ui-monospace, monospace;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConflictDialog {
  protected readonly data = inject<ConflictDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ConflictDialog, ConflictChoice>>(MatDialogRef);
  protected readonly sizeText = sizeText;
  protected readonly all = signal(false);
  protected readonly existingText = this.data.existing
    ? ` (${sizeText(this.data.existing.size)}, modified ${new Date(this.data.existing.mtime).toLocaleString()})`
    : '';

  protected choose(action: ConflictChoice['action']): void {
    this.ref.close({ action, applyToAll: this.all() });
  }
}
