import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * Hyperion's mark: a sun (the titan of light) inside an orbit, with an orbiting moon. The same
 * drawing is the favicon (apps/web/public/favicon.svg). Decorative unless given a label.
 */
@Component({
  selector: 'hyp-logo',
  template: `
    <svg
      viewBox="0 0 32 32"
      [attr.width]="size()"
      [attr.height]="size()"
      [attr.role]="label() ? 'img' : null"
      [attr.aria-label]="label() || null"
      [attr.aria-hidden]="label() ? null : 'true'"
    >
      <circle cx="16" cy="16" r="13" fill="none" stroke="#1a5fb4" stroke-width="2.5" />
      <circle cx="16" cy="16" r="7" fill="#f5a300" />
      <circle cx="26.5" cy="8.5" r="3.2" fill="#1a5fb4" stroke="#fff" stroke-width="1.2" />
    </svg>
  `,
  styles: `
    :host {
      display: inline-flex;
      line-height: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Logo {
  readonly size = input(32);
  /** Accessible name; empty for a decorative logo next to the word "Hyperion". */
  readonly label = input('');
}
