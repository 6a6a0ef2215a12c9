import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';

import {
  CHART_LOCALE,
  ChartPoint,
  ChartTime,
  linePath,
  linear,
  momentText,
  nearestIndex,
  niceTicks,
  tickLabel,
  timeTicks,
  toMillis,
} from './chart-scale';

/** The colour of a series: the theme's roles (the legend and the readout name it in words). */
export type ChartTone = 'primary' | 'tertiary' | 'error' | 'neutral';

export interface ChartSeries {
  /** Its name in the legend, the readout and the text summary ("CPU", "Latency"). */
  readonly name: string;
  /** In time order. Appending makes a new array; only the paths and ticks are redrawn. */
  readonly points: readonly ChartPoint[];
  readonly tone?: ChartTone;
}

const TONES: readonly ChartTone[] = ['primary', 'tertiary', 'error', 'neutral'];
const MARGIN = { top: 8, right: 12, bottom: 22, left: 48 };
/** The width drawn before the element is measured (and where nothing measures: tests). */
const DEFAULT_WIDTH = 640;
const NUMBER = new Intl.NumberFormat(CHART_LOCALE, { maximumFractionDigits: 1 });

interface PreparedSeries {
  readonly name: string;
  readonly tone: ChartTone;
  readonly times: number[];
  readonly values: (number | null)[];
}

/**
 * A time-series line chart drawn in SVG: several series, a time axis and a value axis with round
 * ticks, gaps where data is missing (`v: null`, or a step longer than `gapMs`), a readout of the
 * values at the pointer or, from the keyboard, at the point chosen with ← → Home End, and a text
 * summary of each series for screen readers (lowest, highest, latest, gaps). The y range is fixed
 * (`yMin` / `yMax`) or follows the data (from 0 unless `fromZero` is false). Live charts append
 * points: OnPush and signals recompute the paths and the ticks only, nothing else is rebuilt.
 */
@Component({
  selector: 'hyp-line-chart',
  template: `
    <figure>
      @if (caption()) {
        <figcaption class="caption" [id]="captionId">{{ label() }}</figcaption>
      }
      <div class="plot" [style.height.px]="height()">
        <svg
          [attr.viewBox]="'0 0 ' + width() + ' ' + height()"
          [attr.width]="width()"
          [attr.height]="height()"
          role="img"
          tabindex="0"
          [attr.aria-label]="label()"
          [attr.aria-describedby]="summaryId"
          (pointermove)="pointAt($event)"
          (pointerleave)="active.set(null)"
          (keydown)="key($event)"
          (blur)="active.set(null)"
        >
          <g class="y-axis">
            @for (tick of yTicks(); track tick.value) {
              <line
                class="grid"
                [attr.x1]="left"
                [attr.x2]="width() - right"
                [attr.y1]="tick.y"
                [attr.y2]="tick.y"
              />
              <text
                class="tick"
                [attr.x]="left - 6"
                [attr.y]="tick.y"
                text-anchor="end"
                dy="0.32em"
              >
                {{ tick.label }}
              </text>
            }
          </g>
          <g class="x-axis">
            @for (tick of xTicks(); track tick.t) {
              <line
                class="tick-mark"
                [attr.x1]="tick.x"
                [attr.x2]="tick.x"
                [attr.y1]="height() - bottom"
                [attr.y2]="height() - bottom + 4"
              />
              <text class="tick" [attr.x]="tick.x" [attr.y]="height() - 4" text-anchor="middle">
                {{ tick.label }}
              </text>
            }
          </g>
          @for (line of lines(); track line.name) {
            <path [attr.class]="'line tone-' + line.tone" [attr.d]="line.d" />
          }
          @if (readout(); as r) {
            <line
              class="cursor"
              [attr.x1]="r.x"
              [attr.x2]="r.x"
              [attr.y1]="top"
              [attr.y2]="height() - bottom"
            />
            @for (value of r.values; track value.name) {
              @if (value.y !== null) {
                <circle
                  [attr.class]="'marker tone-' + value.tone"
                  [attr.cx]="r.x"
                  [attr.cy]="value.y"
                  r="3.5"
                />
              }
            }
          }
          @if (empty()) {
            <text class="empty" [attr.x]="width() / 2" [attr.y]="height() / 2" text-anchor="middle">
              {{ emptyText() }}
            </text>
          }
        </svg>
      </div>
      @if (prepared().length > 1) {
        <ul class="legend">
          @for (line of prepared(); track line.name) {
            <li><span [attr.class]="'swatch tone-' + line.tone"></span>{{ line.name }}</li>
          }
        </ul>
      }
      <p class="readout" aria-live="polite" data-testid="chart-readout">
        @if (readout(); as r) {
          <span class="when">{{ r.when }}</span>
          @for (value of r.values; track value.name) {
            <span>{{ value.name }}: {{ value.text }}</span>
          }
        }
      </p>
      <p class="visually-hidden" [id]="summaryId" data-testid="chart-summary">{{ summary() }}</p>
    </figure>
  `,
  styles: `
    :host {
      display: block;
    }
    figure {
      margin: 0;
    }
    .caption {
      margin-bottom: 4px;
      font: var(--mat-sys-title-small);
    }
    .plot {
      position: relative;
      width: 100%;
    }
    svg {
      display: block;
      overflow: visible;
      touch-action: pan-y;
    }
    svg:focus-visible {
      outline: 3px solid var(--hyp-focus, #0b4fb3);
      outline-offset: 2px;
    }
    .grid {
      stroke: var(--mat-sys-outline-variant, #c4c6d0);
      stroke-width: 1;
    }
    .tick-mark {
      stroke: var(--mat-sys-outline, #74777f);
    }
    .tick,
    .empty {
      fill: var(--mat-sys-on-surface-variant, #44474e);
      font: 11px / 1 var(--mat-sys-body-small-font, sans-serif);
    }
    .line {
      fill: none;
      stroke-width: 2;
      stroke-linejoin: round;
      stroke-linecap: round;
      vector-effect: non-scaling-stroke;
    }
    .cursor {
      stroke: var(--mat-sys-on-surface, #1a1b20);
      stroke-dasharray: 3 3;
    }
    .marker {
      stroke: var(--mat-sys-surface, #fff);
      stroke-width: 1.5;
    }
    .tone-primary {
      stroke: var(--mat-sys-primary, #415f91);
    }
    .tone-tertiary {
      stroke: var(--mat-sys-tertiary, #8e4585);
    }
    .tone-error {
      stroke: var(--mat-sys-error, #ba1a1a);
    }
    .tone-neutral {
      stroke: var(--mat-sys-on-surface-variant, #44474e);
    }
    .marker.tone-primary,
    .swatch.tone-primary {
      fill: var(--mat-sys-primary, #415f91);
      background: var(--mat-sys-primary, #415f91);
    }
    .marker.tone-tertiary,
    .swatch.tone-tertiary {
      fill: var(--mat-sys-tertiary, #8e4585);
      background: var(--mat-sys-tertiary, #8e4585);
    }
    .marker.tone-error,
    .swatch.tone-error {
      fill: var(--mat-sys-error, #ba1a1a);
      background: var(--mat-sys-error, #ba1a1a);
    }
    .marker.tone-neutral,
    .swatch.tone-neutral {
      fill: var(--mat-sys-on-surface-variant, #44474e);
      background: var(--mat-sys-on-surface-variant, #44474e);
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      margin: 4px 0 0;
      padding: 0;
      list-style: none;
      font: var(--mat-sys-body-small);
    }
    .swatch {
      display: inline-block;
      width: 12px;
      height: 3px;
      margin-right: 6px;
      vertical-align: middle;
    }
    .readout {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      min-height: 1.5em;
      margin: 4px 0 0;
      font: var(--mat-sys-body-small);
      font-variant-numeric: tabular-nums;
    }
    .readout .when {
      color: var(--mat-sys-on-surface-variant);
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
export class LineChart {
  private static nextId = 0;

  readonly series = input.required<readonly ChartSeries[]>();
  /** What the chart shows ("Latency of Website, last 100 checks"): its accessible name. */
  readonly label = input.required<string>();
  /** Shows the label above the chart (off when the page has its own heading for it). */
  readonly caption = input(true);
  /** The unit after each value ("ms", "%"). */
  readonly unit = input('');
  readonly height = input(200);
  /** Fixed bounds of the value axis; the data's own (rounded) otherwise. */
  readonly yMin = input<number | null>(null);
  readonly yMax = input<number | null>(null);
  /** Without `yMin`, the axis starts at 0 (latency, CPU); false follows the data down. */
  readonly fromZero = input(true);
  /** A fixed time window (a live chart's last 5 minutes); the data's own otherwise. */
  readonly from = input<ChartTime | null>(null);
  readonly to = input<ChartTime | null>(null);
  /** A step in time longer than this is a gap in the line (no data came). */
  readonly gapMs = input(Infinity);
  readonly emptyText = input('No data yet');
  readonly valueFormat = input<(value: number) => string>((value) => NUMBER.format(value));

  protected readonly captionId = `hyp-line-chart-${LineChart.nextId}-caption`;
  protected readonly summaryId = `hyp-line-chart-${LineChart.nextId++}-summary`;
  protected readonly top = MARGIN.top;
  protected readonly bottom = MARGIN.bottom;
  protected readonly left = MARGIN.left;
  protected readonly right = MARGIN.right;
  protected readonly width = signal(DEFAULT_WIDTH);
  /** The moment the readout shows (pointer or keyboard), null when none. */
  protected readonly active = signal<number | null>(null);

  protected readonly prepared = computed<PreparedSeries[]>(() =>
    this.series().map((series, i) => ({
      name: series.name,
      tone: series.tone ?? TONES[i % TONES.length],
      times: series.points.map((point) => toMillis(point.t)),
      values: series.points.map((point) => point.v),
    })),
  );

  /** All the moments of every series, sorted: where the readout can stop. */
  private readonly moments = computed(() => {
    const all = new Set<number>();
    for (const series of this.prepared()) for (const t of series.times) all.add(t);
    return [...all].sort((a, b) => a - b);
  });

  protected readonly empty = computed(() =>
    this.prepared().every((series) => series.values.every((v) => v === null)),
  );

  private readonly xDomain = computed(() => {
    const from = this.from();
    const to = this.to();
    const moments = this.moments();
    const lo = from !== null ? toMillis(from) : (moments[0] ?? Date.now() - 60_000);
    const hi = to !== null ? toMillis(to) : (moments.at(-1) ?? Date.now());
    return { lo, hi: hi > lo ? hi : lo + 1000 };
  });

  private readonly yDomain = computed(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const series of this.prepared()) {
      for (const v of series.values) {
        if (v === null || !Number.isFinite(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (lo === Infinity) {
      lo = 0;
      hi = 1;
    }
    const fixedMin = this.yMin();
    const fixedMax = this.yMax();
    if (fixedMin === null && this.fromZero()) lo = Math.min(0, lo);
    const nice = niceTicks(fixedMin ?? lo, fixedMax ?? hi);
    return {
      lo: fixedMin ?? nice.min,
      hi: fixedMax ?? nice.max,
      ticks: nice.ticks.filter(
        (t) => t >= (fixedMin ?? nice.min) - 1e-9 && t <= (fixedMax ?? nice.max) + 1e-9,
      ),
    };
  });

  private readonly x = computed(() =>
    linear(this.xDomain().lo, this.xDomain().hi, MARGIN.left, this.width() - MARGIN.right),
  );
  private readonly y = computed(() =>
    linear(this.yDomain().lo, this.yDomain().hi, this.height() - MARGIN.bottom, MARGIN.top),
  );

  protected readonly yTicks = computed(() => {
    const y = this.y();
    const format = this.valueFormat();
    return this.yDomain().ticks.map((value) => ({
      value,
      y: Math.round(y(value)) + 0.5,
      label: format(value),
    }));
  });

  protected readonly xTicks = computed(() => {
    const { lo, hi } = this.xDomain();
    const x = this.x();
    const { ticks, step } = timeTicks(lo, hi, Math.max(2, Math.floor(this.width() / 110)));
    return ticks.map((t) => ({ t, x: Math.round(x(t)) + 0.5, label: tickLabel(t, step) }));
  });

  protected readonly lines = computed(() => {
    const x = this.x();
    const y = this.y();
    const gap = this.gapMs();
    return this.prepared().map((series) => ({
      name: series.name,
      tone: series.tone,
      d: linePath(series.times, series.values, x, y, gap),
    }));
  });

  protected readonly readout = computed(() => {
    const t = this.active();
    if (t === null) return null;
    const y = this.y();
    const format = this.valueFormat();
    const unit = this.unit();
    const gap = this.gapMs();
    return {
      x: this.x()(t),
      when: momentText(t),
      values: this.prepared().map((series) => {
        const i = nearestIndex(series.times, t);
        const near = i >= 0 && Math.abs(series.times[i] - t) <= Math.min(gap, 1000);
        const v = near ? series.values[i] : null;
        return {
          name: series.name,
          tone: series.tone,
          y: v === null ? null : y(v),
          text: v === null ? 'no data' : `${format(v)}${unit ? ` ${unit}` : ''}`,
        };
      }),
    };
  });

  protected readonly summary = computed(() => {
    const unit = this.unit();
    const format = this.valueFormat();
    const withUnit = (v: number) => `${format(v)}${unit ? ` ${unit}` : ''}`;
    const parts = this.prepared().map((series) => {
      const measured = series.values
        .map((v, i) => ({ v, t: series.times[i] }))
        .filter((p): p is { v: number; t: number } => p.v !== null);
      if (measured.length === 0) return `${series.name}: no data.`;
      const values = measured.map((p) => p.v);
      const latest = measured[measured.length - 1];
      const gaps =
        (linePath(
          series.times,
          series.values,
          (t) => t,
          (v) => v,
          this.gapMs(),
        ).match(/M/g)?.length ?? 1) - 1;
      return (
        `${series.name}: ${measured.length} points from ${momentText(measured[0].t)} to ` +
        `${momentText(latest.t)}; lowest ${withUnit(Math.min(...values))}, highest ` +
        `${withUnit(Math.max(...values))}, latest ${withUnit(latest.v)}` +
        (gaps > 0 ? `; ${gaps} gap${gaps === 1 ? '' : 's'} without data.` : '.')
      );
    });
    return parts.join(' ');
  });

  constructor() {
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      if (typeof ResizeObserver === 'undefined') return;
      const observer = new ResizeObserver(([entry]) => {
        const measured = Math.floor(entry.contentRect.width);
        if (measured > 0 && measured !== this.width()) this.width.set(measured);
      });
      observer.observe(host);
      destroyRef.onDestroy(() => observer.disconnect());
    });
  }

  /** The readout follows the pointer, snapped to the nearest moment with data. */
  protected pointAt(event: PointerEvent): void {
    const svg = event.currentTarget as SVGSVGElement;
    const box = svg.getBoundingClientRect();
    const scale = box.width > 0 ? this.width() / box.width : 1;
    const px = (event.clientX - box.left) * scale;
    const { lo, hi } = this.xDomain();
    const t = linear(MARGIN.left, this.width() - MARGIN.right, lo, hi)(px);
    const moments = this.moments();
    const i = nearestIndex(moments, t);
    this.active.set(i >= 0 ? moments[i] : null);
  }

  /** ← → step through the moments, Home and End go to the first and the latest, Esc hides. */
  protected key(event: KeyboardEvent): void {
    const moments = this.moments();
    if (moments.length === 0) return;
    const current = this.active();
    const at = current === null ? moments.length : nearestIndex(moments, current);
    let next: number | null;
    switch (event.key) {
      case 'ArrowLeft':
        next = Math.max(0, (current === null ? moments.length : at) - 1);
        break;
      case 'ArrowRight':
        next = current === null ? moments.length - 1 : Math.min(moments.length - 1, at + 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = moments.length - 1;
        break;
      case 'Escape':
        this.active.set(null);
        return;
      default:
        return;
    }
    event.preventDefault();
    this.active.set(moments[next]);
  }
}
