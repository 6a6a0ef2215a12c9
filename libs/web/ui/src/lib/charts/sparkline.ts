import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { linePath, linear } from './chart-scale';

const PAD = 2;

/**
 * A small line of values in equal steps (a latency per hour), with a gap where a value is
 * missing (`null`) and a red band under the steps `marks` flags (hours with failed checks). An
 * image whose name (`label`) says the same in words; nothing to focus or hover.
 */
@Component({
  selector: 'hyp-sparkline',
  template: `
    <svg
      [attr.viewBox]="'0 0 ' + width() + ' ' + height()"
      [attr.width]="width()"
      [attr.height]="height()"
      role="img"
      [attr.aria-label]="label()"
    >
      @for (band of bands(); track band.x) {
        <rect
          class="marked"
          [attr.x]="band.x"
          y="0"
          [attr.width]="band.width"
          [attr.height]="height()"
        />
      }
      <line
        class="baseline"
        x1="0"
        [attr.x2]="width()"
        [attr.y1]="height() - 0.5"
        [attr.y2]="height() - 0.5"
      />
      <path class="line" [attr.d]="path()" />
    </svg>
  `,
  styles: `
    :host {
      display: inline-flex;
      line-height: 0;
    }
    .marked {
      fill: var(--mat-sys-error-container, #ffdad6);
    }
    .baseline {
      stroke: var(--mat-sys-outline-variant, #c4c6d0);
      stroke-width: 1;
    }
    .line {
      fill: none;
      stroke: var(--mat-sys-primary, #415f91);
      stroke-width: 1.5;
      stroke-linejoin: round;
      stroke-linecap: round;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Sparkline {
  /** Oldest first, in equal steps; null: nothing measured then. */
  readonly values = input.required<readonly (number | null)[]>();
  /** What the line shows, in words (its accessible name). */
  readonly label = input.required<string>();
  /** Steps drawn over a red band (same length as `values`). */
  readonly marks = input<readonly boolean[]>([]);
  /** The top of the scale; the largest value otherwise (the bottom is 0). */
  readonly max = input<number | null>(null);
  readonly width = input(96);
  readonly height = input(24);

  private readonly step = computed(() => this.width() / Math.max(1, this.values().length));

  protected readonly path = computed(() => {
    const values = this.values();
    const top =
      this.max() ?? values.reduce<number>((max, v) => (v !== null && v > max ? v : max), 0);
    const half = this.step() / 2;
    // Each value at the middle of its step, so a lone value sits where its band is.
    const x = (i: number) => i * this.step() + half;
    const y = linear(0, top || 1, this.height() - PAD, PAD);
    return linePath(
      values.map((_, i) => i),
      values,
      x,
      y,
    );
  });

  protected readonly bands = computed(() =>
    this.marks().flatMap((marked, i) =>
      marked
        ? [{ x: Math.round(i * this.step() * 10) / 10, width: Math.round(this.step() * 10) / 10 }]
        : [],
    ),
  );
}
