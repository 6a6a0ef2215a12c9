import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  InjectionToken,
  afterRenderEffect,
  computed,
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
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';

export type AlertChartType = 'bar' | 'line';

/** What the component needs of a chart: its data, to redraw it, to free it. */
export interface ChartHandle {
  readonly data: ChartConfiguration<AlertChartType>['data'];
  update(): void;
  destroy(): void;
}

export type ChartFactory = (
  canvas: HTMLCanvasElement,
  config: ChartConfiguration<AlertChartType>,
) => ChartHandle;

let registered = false;

/**
 * A theme colour as the browser resolves it where the chart is ("rgb(0, 92, 187)"). The theme's
 * tokens are `light-dark(…, …)` pairs, which Chart.js cannot read: given as such, it drew every
 * bar and label black.
 */
function themeColour(host: HTMLElement, token: string, fallback: string): string {
  const probe = host.ownerDocument.createElement('span');
  probe.style.color = `var(${token}, ${fallback})`;
  host.appendChild(probe);
  const colour = getComputedStyle(probe).color.trim();
  probe.remove();
  return colour || fallback;
}

/** Draws with Chart.js (only the parts these charts use are registered); specs replace it. */
export const CHART_FACTORY = new InjectionToken<ChartFactory>('CHART_FACTORY', {
  providedIn: 'root',
  factory: () => (canvas, config) => {
    if (!registered) {
      Chart.register(
        BarController,
        BarElement,
        CategoryScale,
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
 * A bar or line chart of counts (Chart.js on a canvas) with a table of the same numbers for
 * screen readers (the canvas is hidden from them). The chart is redrawn when the numbers change
 * and destroyed with the component.
 */
@Component({
  selector: 'hyp-alert-chart',
  template: `
    <figure [attr.aria-labelledby]="captionId">
      <figcaption [id]="captionId" class="caption">{{ caption() }}</figcaption>
      <div class="canvas-box" [style.height.px]="height()">
        <canvas #canvas aria-hidden="true"></canvas>
      </div>
      <table class="visually-hidden">
        <caption>
          {{
            caption()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ categoryLabel() }}</th>
            <th scope="col">{{ valueLabel() }}</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track $index) {
            <tr>
              <th scope="row">{{ row.label }}</th>
              <td>{{ row.value }}</td>
            </tr>
          }
        </tbody>
      </table>
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
export class AlertChart {
  private static nextId = 0;
  private readonly factory = inject(CHART_FACTORY);
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');

  readonly type = input<AlertChartType>('bar');
  readonly caption = input.required<string>();
  readonly labels = input.required<readonly string[]>();
  readonly values = input.required<readonly number[]>();
  /** The header of the labels' column in the table, e.g. "Channel". */
  readonly categoryLabel = input('Category');
  readonly valueLabel = input('Alerts');
  readonly height = input(240);

  protected readonly captionId = `hyp-alert-chart-${AlertChart.nextId++}`;
  protected readonly rows = computed(() =>
    this.labels().map((label, i) => ({ label, value: this.values()[i] ?? 0 })),
  );

  private chart: ChartHandle | null = null;
  private chartType: AlertChartType | null = null;

  constructor() {
    afterRenderEffect({
      write: () => {
        const type = this.type();
        const labels = [...this.labels()];
        const values = [...this.values()];
        const label = this.valueLabel();
        if (this.chart && this.chartType === type) {
          this.chart.data.labels = labels;
          this.chart.data.datasets[0].data = values;
          this.chart.data.datasets[0].label = label;
          this.chart.update();
          return;
        }
        this.chart?.destroy();
        this.chartType = type;
        this.chart = this.factory(this.canvas().nativeElement, this.config(type, labels, values));
      },
    });
    inject(DestroyRef).onDestroy(() => {
      this.chart?.destroy();
      this.chart = null;
    });
  }

  private config(
    type: AlertChartType,
    labels: string[],
    values: number[],
  ): ChartConfiguration<AlertChartType> {
    const box = this.canvas().nativeElement.parentElement ?? this.canvas().nativeElement;
    const colour = themeColour(box, '--mat-sys-primary', '#415f91');
    const text = themeColour(box, '--mat-sys-on-surface-variant', '#44474e');
    return {
      type,
      data: {
        labels,
        datasets: [
          {
            label: this.valueLabel(),
            data: values,
            backgroundColor: colour,
            borderColor: colour,
            fill: false,
            tension: 0.2,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        // The numbers, not a show: nothing moves (and nothing to turn off for reduced motion).
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { ticks: { color: text } },
          y: { beginAtZero: true, ticks: { color: text, precision: 0 } },
        },
      },
    };
  }
}
