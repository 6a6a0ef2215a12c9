import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** One stretch of time in a state: `start` and `end` are fractions (0 to 1) of the window. */
export interface StateSegment {
  readonly start: number;
  readonly end: number;
  readonly ok: boolean;
}

const WIDTH = 120;
const HEIGHT = 24;
const Y_OK = 5;
const Y_FAILING = 19;

/**
 * A small step line of a check over time: high while it was OK, low (on a red band) while it
 * failed; blank where nothing is known. Read as an image whose name (`label`) says the same in
 * words.
 */
@Component({
  selector: 'hyp-state-sparkline',
  template: `
    <svg
      [attr.viewBox]="'0 0 ' + width + ' ' + height"
      [attr.width]="width"
      [attr.height]="height"
      role="img"
      [attr.aria-label]="label()"
    >
      @for (band of failures(); track $index) {
        <rect
          class="failing"
          [attr.x]="band.x"
          y="0"
          [attr.width]="band.width"
          [attr.height]="height"
        />
      }
      <line
        class="baseline"
        x1="0"
        [attr.x2]="width"
        [attr.y1]="height - 0.5"
        [attr.y2]="height - 0.5"
      />
      <path class="line" [attr.d]="path()" />
    </svg>
  `,
  styles: `
    :host {
      display: inline-flex;
      line-height: 0;
    }
    .failing {
      fill: var(--mat-sys-error-container, #ffdad6);
    }
    .baseline {
      stroke: var(--mat-sys-outline-variant, #c4c6d0);
      stroke-width: 1;
    }
    .line {
      fill: none;
      stroke: var(--mat-sys-on-surface-variant, #44474e);
      stroke-width: 2;
      stroke-linejoin: round;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-segments]': 'segments().length' },
})
export class StateSparkline {
  readonly segments = input.required<readonly StateSegment[]>();
  /** What the line shows, in words (its accessible name). */
  readonly label = input.required<string>();

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;

  protected readonly failures = computed(() =>
    this.segments()
      .filter((segment) => !segment.ok)
      .map((segment) => ({
        x: round(segment.start * WIDTH),
        width: Math.max(1, round((segment.end - segment.start) * WIDTH)),
      })),
  );

  protected readonly path = computed(() => sparklinePath(this.segments()));
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** The SVG path of a step line through `segments` (in order, possibly with gaps). */
export function sparklinePath(segments: readonly StateSegment[]): string {
  let d = '';
  let lastEnd: number | null = null;
  for (const segment of segments) {
    const y = segment.ok ? Y_OK : Y_FAILING;
    const x0 = round(segment.start * WIDTH);
    const x1 = round(Math.max(segment.end, segment.start) * WIDTH);
    d += lastEnd !== null && Math.abs(lastEnd - segment.start) < 1e-9 ? ` V${y}` : ` M${x0} ${y}`;
    d += ` H${x1}`;
    lastEnd = segment.end;
  }
  return d.trim();
}
