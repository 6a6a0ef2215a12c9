import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SecuritySeriesPoint } from '@hyperion/contracts';

const WIDTH = 720;
const HEIGHT = 160;
const TOP = 12;
const BOTTOM = 22;
const LEFT = 32;
/** At most this many labels under the bars (every bar of 24 would overlap on a phone). */
const MAX_LABELS = 8;

const HOUR = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "14:00" (the browser's time) for an hour, "9 Mar" for a UTC day. */
export function barLabel(at: string, bucket: 'hour' | 'day'): string {
  return (bucket === 'hour' ? HOUR : DAY).format(Date.parse(at));
}

/** A round number at least `max` (1, 2, 5 × 10^n), so the axis reads at a glance. */
export function niceCeiling(max: number): number {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((m) => m * power >= max) ?? 10;
  return step * power;
}

interface Bar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly count: number;
  readonly title: string;
  readonly label: string | null;
}

/**
 * Failed sign-ins per hour or day as bars (inline SVG, no chart library to load), each with its
 * count in a tooltip, and the same numbers in a table for screen readers.
 */
@Component({
  selector: 'hyp-failed-logins-chart',
  template: `
    <svg
      class="chart"
      [attr.viewBox]="'0 0 ' + width + ' ' + height"
      preserveAspectRatio="none"
      aria-hidden="true"
      data-testid="failed-logins-chart"
    >
      <line class="axis" [attr.x1]="left" [attr.x2]="width" [attr.y1]="base" [attr.y2]="base" />
      <text class="tick" [attr.x]="left - 6" [attr.y]="topY + 4" text-anchor="end">
        {{ axisMax() }}
      </text>
      <text class="tick" [attr.x]="left - 6" [attr.y]="base" text-anchor="end">0</text>
      @for (bar of bars(); track $index) {
        <rect
          class="bar"
          [class.bar--some]="bar.count > 0"
          [attr.x]="bar.x"
          [attr.y]="bar.y"
          [attr.width]="bar.width"
          [attr.height]="bar.height"
          [attr.data-count]="bar.count"
        >
          <title>{{ bar.title }}</title>
        </rect>
        @if (bar.label) {
          <text
            class="tick"
            [attr.x]="bar.x + bar.width / 2"
            [attr.y]="height - 6"
            text-anchor="middle"
          >
            {{ bar.label }}
          </text>
        }
      }
    </svg>
    <table class="visually-hidden">
      <caption>
        Failed sign-ins per
        {{
          bucket()
        }}
      </caption>
      <tr>
        <th scope="col">{{ bucket() === 'hour' ? 'Hour' : 'Day (UTC)' }}</th>
        <th scope="col">Failed sign-ins</th>
      </tr>
      @for (bar of bars(); track $index) {
        <tr>
          <td>{{ bar.title }}</td>
          <td>{{ bar.count }}</td>
        </tr>
      }
    </table>
  `,
  styles: `
    :host {
      display: block;
    }
    .chart {
      width: 100%;
      height: 160px;
      overflow: visible;
    }
    .axis {
      stroke: var(--mat-sys-outline-variant);
    }
    .bar {
      fill: var(--mat-sys-surface-container-highest);
    }
    .bar--some {
      fill: var(--mat-sys-error);
    }
    .tick {
      fill: var(--mat-sys-on-surface-variant);
      font-size: 11px;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FailedLoginsChart {
  readonly series = input.required<readonly SecuritySeriesPoint[]>();
  readonly bucket = input.required<'hour' | 'day'>();

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly left = LEFT;
  protected readonly topY = TOP;
  protected readonly base = HEIGHT - BOTTOM;

  /** The axis' top value. */
  protected readonly axisMax = computed(() =>
    niceCeiling(Math.max(0, ...this.series().map((point) => point.count))),
  );

  protected readonly bars = computed((): Bar[] => {
    const series = this.series();
    const bucket = this.bucket();
    const slot = (WIDTH - LEFT) / Math.max(1, series.length);
    const every = Math.ceil(series.length / MAX_LABELS);
    const scale = (this.base - TOP) / this.axisMax();
    return series.map((point, index) => {
      const height = point.count * scale;
      const label = barLabel(point.at, bucket);
      const noun = point.count === 1 ? 'failed sign-in' : 'failed sign-ins';
      return {
        x: LEFT + index * slot + slot * 0.15,
        y: this.base - height,
        width: slot * 0.7,
        // A zero still shows as a sliver, so an empty hour reads as "none", not "missing".
        height: Math.max(height, 1),
        count: point.count,
        title: `${label}${bucket === 'day' ? ' (UTC)' : ''}: ${point.count} ${noun}`,
        label: index % every === 0 ? label : null,
      };
    });
  });
}
