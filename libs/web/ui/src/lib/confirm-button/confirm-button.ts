import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';

/**
 * A button for an action that cannot be undone: the first click asks ("Really revoke?", with a
 * "Keep" button beside it), the second one emits `confirmed`.
 */
@Component({
  selector: 'hyp-confirm-button',
  imports: [MatButton],
  template: `
    <button
      matButton
      type="button"
      [attr.data-testid]="testId()"
      [disabled]="disabled()"
      (click)="press()"
    >
      {{ asking() ? confirmLabel() : label() }}
    </button>
    @if (asking()) {
      <button matButton type="button" (click)="asking.set(false)">Keep</button>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmButton {
  readonly label = input.required<string>();
  /** Shown after the first click, e.g. "Really delete?". */
  readonly confirmLabel = input.required<string>();
  readonly testId = input<string>();
  readonly disabled = input(false);
  readonly confirmed = output<void>();

  protected readonly asking = signal(false);

  protected press(): void {
    if (!this.asking()) {
      this.asking.set(true);
      return;
    }
    this.asking.set(false);
    this.confirmed.emit();
  }
}
