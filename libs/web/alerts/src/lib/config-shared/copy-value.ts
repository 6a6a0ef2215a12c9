import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

/**
 * A value to copy (a routing key, a URL, a snippet) shown as code, with a "Copy" button that
 * says whether it worked ("Copied" / "Copy failed: select the text").
 */
@Component({
  selector: 'hyp-copy-value',
  imports: [MatButtonModule],
  template: `
    <div class="copy" [class.block]="block()">
      @if (block()) {
        <pre [attr.data-testid]="testId()" [attr.aria-label]="label()" tabindex="0">{{
          value()
        }}</pre>
      } @else {
        <code [attr.data-testid]="testId()">{{ value() }}</code>
      }
      <button
        matButton="outlined"
        type="button"
        [attr.aria-label]="'Copy ' + label()"
        [attr.data-testid]="testId() + '-copy'"
        (click)="copy()"
      >
        {{ state() === 'copied' ? 'Copied' : 'Copy' }}
      </button>
      <span class="status" aria-live="polite" [attr.data-testid]="testId() + '-status'">
        @if (state() === 'failed') {
          Copy failed: select the text and copy it by hand.
        }
      </span>
    </div>
  `,
  styles: `
    .copy {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
    }
    .copy.block {
      align-items: flex-start;
      flex-direction: column;
    }
    code,
    pre {
      font-family: ui-monospace, monospace;
      font-size: 0.8125rem;
      overflow-wrap: anywhere;
      padding: 2px 6px;
      border-radius: var(--mat-sys-corner-extra-small);
      background: var(--mat-sys-surface-container-high);
    }
    pre {
      margin: 0;
      padding: 8px 12px;
      max-width: 100%;
      box-sizing: border-box;
      overflow-x: auto;
      white-space: pre;
    }
    pre:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .status {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CopyValue {
  private readonly clipboard = inject(Clipboard);

  readonly value = input.required<string>();
  /** What is copied, for the button's accessible name ("the routing key of Prometheus"). */
  readonly label = input.required<string>();
  /** A multi-line snippet rather than one value. */
  readonly block = input(false);
  readonly testId = input('copy');

  protected readonly state = signal<'idle' | 'copied' | 'failed'>('idle');

  protected copy(): void {
    this.state.set(this.clipboard.copy(this.value()) ? 'copied' : 'failed');
  }
}
