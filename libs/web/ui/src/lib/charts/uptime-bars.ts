import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';

import { CHART_LOCALE } from './chart-scale';

/** One day of the bars: `uptime` in percent (0–100), null for a day without checks. */
export interface UptimeDay {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly uptime: number | null;
}

export type UptimeTone = 'ok' | 'warn' | 'bad' | 'none';

const DAY_MS = 86_400_000;
const DATE = new Intl.DateTimeFormat(CHART_LOCALE, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const PERCENT = new Intl.NumberFormat(CHART_LOCALE, { maximumFractionDigits: 3 });

/**
 * `count` days ending with `today` (UTC), oldest first, each with its uptime from `known`
 * (days absent from it have none): what the API's days become on the bars.
 */
export function uptimeDays(
  known: readonly { date: string; uptime: number }[],
  count: number,
  today: Date = new Date(),
): UptimeDay[] {
  const byDate = new Map(known.map((day) => [day.date, day.uptime]));
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(end - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    return { date, uptime: byDate.get(date) ?? null };
  });
}

/** How a day is coloured: 99.9 % or more (the availability target), 99 % or more, below, none. */
export function uptimeTone(uptime: number | null, target = 99.9): UptimeTone {
  if (uptime === null) return 'none';
  if (uptime >= target) return 'ok';
  return uptime >= 99 ? 'warn' : 'bad';
}

const dateText = (date: string) => DATE.format(Date.parse(`${date}T00:00:00Z`));

/** "3 Dec 2026: 99.5 % up" / "3 Dec 2026: no checks". */
export function uptimeDayText(day: UptimeDay): string {
  return `${dateText(day.date)}: ${day.uptime === null ? 'no checks' : `${PERCENT.format(day.uptime)} % up`}`;
}

const WIDTH = 600;
const HEIGHT = 32;
const GAP = 2;

/**
 * Uptime bars, one per day (the status pages' 90 days): green at the availability target, amber
 * under it, red under 99 %, grey without checks. The colours repeat what the words say: the
 * readout names the day under the pointer or the keyboard (← → Home End), and a summary names
 * the days below target for screen readers.
 */
@Component({
  selector: 'hyp-uptime-bars',
  template: `
    <svg
      [attr.viewBox]="'0 0 ' + width + ' ' + height"
      preserveAspectRatio="none"
      [attr.height]="height"
      role="img"
      tabindex="0"
      [attr.aria-label]="label()"
      [attr.aria-describedby]="summaryId"
      (pointermove)="pointAt($event)"
      (pointerleave)="active.set(null)"
      (keydown)="key($event)"
      (blur)="active.set(null)"
    >
      @for (bar of bars(); track bar.date) {
        <rect
          [attr.class]="'bar tone-' + bar.tone + (bar.index === active() ? ' active' : '')"
          [attr.x]="bar.x"
          y="0"
          [attr.width]="bar.width"
          [attr.height]="height"
          rx="1.5"
          [attr.data-date]="bar.date"
          [attr.data-tone]="bar.tone"
        >
          <title>{{ bar.text }}</title>
        </rect>
      }
    </svg>
    <div class="ends" aria-hidden="true">
      <span>{{ days().length }} days ago</span><span>Today</span>
    </div>
    <p class="readout" aria-live="polite" data-testid="uptime-readout">{{ readout() }}</p>
    <p class="visually-hidden" [id]="summaryId" data-testid="uptime-summary">{{ summary() }}</p>
  `,
  styles: `
    :host {
      display: block;
    }
    svg {
      display: block;
      width: 100%;
    }
    svg:focus-visible {
      outline: 3px solid var(--hyp-focus, #0b4fb3);
      outline-offset: 2px;
    }
    .bar.tone-ok {
      fill: var(--hyp-ok, #1e7b3a);
    }
    .bar.tone-warn {
      fill: light-dark(#9a5b00, #ffb95c);
    }
    .bar.tone-bad {
      fill: var(--mat-sys-error, #ba1a1a);
    }
    .bar.tone-none {
      fill: var(--mat-sys-surface-container-highest, #e2e2e9);
    }
    .bar.active {
      stroke: var(--mat-sys-on-surface, #1a1b20);
      stroke-width: 1.5;
    }
    .ends {
      display: flex;
      justify-content: space-between;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .readout {
      min-height: 1.5em;
      margin: 2px 0 0;
      font: var(--mat-sys-body-small);
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
export class UptimeBars {
  private static nextId = 0;

  /** Oldest first, one per day (`uptimeDays` fills the days without checks). */
  readonly days = input.required<readonly UptimeDay[]>();
  /** What the bars show ("Uptime of Website, last 90 days"): their accessible name. */
  readonly label = input.required<string>();
  /** The availability target in percent (the procedures' 99.9 %). */
  readonly target = input(99.9);

  protected readonly summaryId = `hyp-uptime-bars-${UptimeBars.nextId++}`;
  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  /** The index of the day the readout names, null when none. */
  protected readonly active = signal<number | null>(null);

  protected readonly bars = computed(() => {
    const days = this.days();
    const step = WIDTH / Math.max(1, days.length);
    return days.map((day, index) => ({
      index,
      date: day.date,
      x: Math.round(index * step * 100) / 100,
      width: Math.max(1, Math.round((step - GAP) * 100) / 100),
      tone: uptimeTone(day.uptime, this.target()),
      text: uptimeDayText(day),
    }));
  });

  protected readonly readout = computed(() => {
    const i = this.active();
    const day = i === null ? undefined : this.days()[i];
    return day ? uptimeDayText(day) : '';
  });

  protected readonly summary = computed(() => {
    const days = this.days();
    const checked = days.filter((day) => day.uptime !== null);
    if (checked.length === 0) return `No checks in these ${days.length} days.`;
    const below = checked.filter((day) => (day.uptime ?? 0) < this.target());
    const missing = days.length - checked.length;
    const head =
      `${checked.length} of ${days.length} days with checks` +
      (missing > 0 ? ` (${missing} without)` : '') +
      `; ${below.length === 0 ? 'every one' : `${checked.length - below.length}`} at or above ${PERCENT.format(this.target())} %.`;
    if (below.length === 0) return head;
    const listed = below.slice(-10).map(uptimeDayText).join('; ');
    return `${head} Below: ${listed}${below.length > 10 ? ` (and ${below.length - 10} earlier)` : ''}.`;
  });

  protected pointAt(event: PointerEvent): void {
    const box = (event.currentTarget as SVGSVGElement).getBoundingClientRect();
    const count = this.days().length;
    if (box.width <= 0 || count === 0) return;
    const i = Math.floor(((event.clientX - box.left) / box.width) * count);
    this.active.set(Math.min(count - 1, Math.max(0, i)));
  }

  /** ← → move a day, Home and End go to the first and the last, Esc hides the readout. */
  protected key(event: KeyboardEvent): void {
    const last = this.days().length - 1;
    if (last < 0) return;
    const current = this.active();
    const moves: Record<string, () => number | null> = {
      ArrowLeft: () => (current === null ? last : Math.max(0, current - 1)),
      ArrowRight: () => (current === null ? last : Math.min(last, current + 1)),
      Home: () => 0,
      End: () => last,
      Escape: () => null,
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    this.active.set(move());
  }
}
