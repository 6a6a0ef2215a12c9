import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  InjectionToken,
  afterRenderEffect,
  inject,
  input,
  viewChild,
} from '@angular/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  ChartConfiguration,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';

export type StatsChartType = 'bar' | 'line';

/** One line or set of bars: its name and its values (null where there is nothing to measure). */
export interface StatsSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

/** What the component needs of a chart: its data, to redraw it, to free it. */
export interface StatsChartHandle {
  readonly data: ChartConfiguration<StatsChartType>['data'];
  update(): void;
  destroy(): void;
}

export type StatsChartFactory = (
  canvas: HTMLCanvasElement,
  config: ChartConfiguration<StatsChartType>,
) => StatsChartHandle;

let registered = false;

/** A theme colour as the browser resolves it (Chart.js cannot read `light-dark(…)` tokens). */
function themeColour(host: HTMLElement, token: string, fallback: string): string {
  const probe = host.ownerDocument.createElement('span');
  probe.style.color = `var(${token}, ${fallback})`;
  host.appendChild(probe);
  const colour = getComputedStyle(probe).color.trim();
  probe.remove();
  return colour || fallback;
}

/** Draws with Chart.js (only the parts these charts use are registered); specs replace it. */
export const STATS_CHART_FACTORY = new InjectionToken<StatsChartFactory>('STATS_CHART_FACTORY', {
  providedIn: 'root',
  factory: () => (canvas, config) => {
    if (!registered) {
      Chart.register(
        BarController,
        BarElement,
        CategoryScale,
        Legend,
        LineController,
        LineElement,
        LinearScale,
        PointElement,
        Tooltip,
      );
      registered = true;
    }
    return new Chart(canvas, config);
  },
});

/**
 * MTTA and MTTR side by side (Chart.js on a canvas, in minutes). The canvas is hidden from
 * screen readers: the page's table beside it (`describedBy`) has the same numbers in words.
 * Redrawn when the numbers change, destroyed with the component.
 */
@Component({
  selector: 'hyp-stats-chart',
  template: `
    <figure [attr.aria-labelledby]="captionId" [attr.aria-describedby]="describedBy() || null">
      <figcaption [id]="captionId" class="caption">{{ caption() }}</figcaption>
      <div class="canvas-box" [style.height.px]="height()">
        <canvas #canvas aria-hidden="true"></canvas>
      </div>
    </figure>
  `,
  styles: `
    figure {
      margin: 0;
      padding: 12px 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-medium);
    }
    .caption {
      margin-bottom: 8px;
      font: var(--mat-sys-title-small);
    }
    .canvas-box {
      position: relative;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatsChart {
  private static nextId = 0;
  private readonly factory = inject(STATS_CHART_FACTORY);
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');

  readonly type = input<StatsChartType>('bar');
  readonly caption = input.required<string>();
  readonly labels = input.required<readonly string[]>();
  readonly series = input.required<readonly StatsSeries[]>();
  /** The id of the table with the same numbers. */
  readonly describedBy = input('');
  readonly height = input(260);

  protected readonly captionId = `hyp-stats-chart-${StatsChart.nextId++}`;

  private chart: StatsChartHandle | null = null;
  private chartType: StatsChartType | null = null;

  constructor() {
    afterRenderEffect({
      write: () => {
        const type = this.type();
        const labels = [...this.labels()];
        const series = this.series();
        const chart = this.chart;
        if (chart && this.chartType === type && chart.data.datasets.length === series.length) {
          chart.data.labels = labels;
          series.forEach((s, i) => {
            chart.data.datasets[i].data = [...s.values];
            chart.data.datasets[i].label = s.label;
          });
          chart.update();
          return;
        }
        this.chart?.destroy();
        this.chartType = type;
        this.chart = this.factory(this.canvas().nativeElement, this.config(type, labels, series));
      },
    });
    inject(DestroyRef).onDestroy(() => {
      this.chart?.destroy();
      this.chart = null;
    });
  }

  private config(
    type: StatsChartType,
    labels: string[],
    series: readonly StatsSeries[],
  ): ChartConfiguration<StatsChartType> {
    const box = this.canvas().nativeElement.parentElement ?? this.canvas().nativeElement;
    const colours = [
      themeColour(box, '--mat-sys-primary', '#415f91'),
      // Amber, far from the primary blue (the legend and the table say which is which too).
      themeColour(box, '--hyp-chart-second', 'light-dark(#9a4f00, #ffb77c)'),
    ];
    const text = themeColour(box, '--mat-sys-on-surface-variant', '#44474e');
    return {
      type,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: [...s.values],
          backgroundColor: colours[i % colours.length],
          borderColor: colours[i % colours.length],
          fill: false,
          tension: 0.2,
          spanGaps: true,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: true, labels: { color: text } } },
        scales: {
          x: { ticks: { color: text } },
          y: {
            beginAtZero: true,
            ticks: { color: text },
            title: { display: true, text: 'minutes', color: text },
          },
        },
      },
    };
  }
}
