import { ChangeDetectionStrategy, Component, OnDestroy, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { DomSanitizer, SafeUrl } from '@angular/platform-browser';

export interface PreviewDialogData {
  readonly name: string;
  /** The image's bytes, typed (`image/png` …): shown through a blob URL revoked on close. */
  readonly blob: Blob;
}

/** An image of the root, shown from its downloaded bytes. */
@Component({
  selector: 'hyp-file-preview-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>{{ data.name }}</h2>
    <mat-dialog-content data-testid="file-preview-dialog">
      <img
        class="image"
        [src]="url"
        [alt]="'Preview of ' + data.name"
        data-testid="file-preview-image"
      />
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .image {
      display: block;
      max-width: min(80vw, 1200px);
      max-height: 70vh;
      margin: 0 auto;
      background: repeating-conic-gradient(#ccc 0 25%, #fff 0 50%) 0 0 / 16px 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PreviewDialog implements OnDestroy {
  protected readonly data = inject<PreviewDialogData>(MAT_DIALOG_DATA);
  private readonly objectUrl = URL.createObjectURL(this.data.blob);
  // A blob: URL of this origin, made from bytes typed as an image (SVG is never previewed).
  protected readonly url: SafeUrl = inject(DomSanitizer).bypassSecurityTrustUrl(this.objectUrl);

  ngOnDestroy(): void {
    URL.revokeObjectURL(this.objectUrl);
  }
}
