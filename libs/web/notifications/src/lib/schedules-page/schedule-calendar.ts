import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { OnCallShift, ScheduleSummary } from '@hyperion/contracts';
import { apiErrorMessage } from '@hyperion/web/util';
import { map } from 'rxjs';

import { OnCallApi } from '../on-call-api';
import { LocalDate } from '../time/zone-math';
import { CalendarWeek, buildCalendar, calendarRange, colourOrder, nextCell } from './calendar';

/** The ranges offered, in weeks from today. */
export const CALENDAR_WEEKS = [1, 2, 3, 4] as const;

interface Loaded {
  readonly first: LocalDate;
  readonly days: number;
  readonly now: number;
  readonly shifts: OnCallShift[];
}

/**
 * The next 1 – 4 weeks of a schedule, from its shifts: a row per week, a cell per day (in the
 * schedule's zone) with a coloured band per person across the day's hours and, in words, who is
 * on call and when ("Alice until 09:00", "Bob from 09:00", "Nobody on call 12:00–13:00"). The
 * grid is one keyboard stop; the arrow keys move between days and each day is read out whole.
 */
@Component({
  selector: 'hyp-schedule-calendar',
  imports: [MatButtonModule, MatButtonToggleModule, MatProgressBarModule],
  templateUrl: './schedule-calendar.html',
  styleUrl: './schedule-calendar.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScheduleCalendar {
  private readonly api = inject(OnCallApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly schedule = input.required<ScheduleSummary>();

  protected readonly weekChoices = CALENDAR_WEEKS;
  protected readonly weeks = signal<number>(2);
  /** The day that holds the grid's one tab stop. */
  protected readonly focused = signal(0);

  protected readonly shifts = rxResource<Loaded, { schedule: ScheduleSummary; weeks: number }>({
    params: () => ({ schedule: this.schedule(), weeks: this.weeks() }),
    stream: ({ params }) => {
      const now = Date.now();
      const range = calendarRange(params.schedule.timeZone, now, params.weeks);
      return this.api
        .shifts(params.schedule.id, range.from, range.to)
        .pipe(map((shifts) => ({ first: range.first, days: range.days, now, shifts })));
    },
  });
  protected readonly error = computed(() => {
    const failure = this.shifts.error();
    return failure && !this.shifts.isLoading()
      ? apiErrorMessage(failure.cause ?? failure, 'The shifts could not be loaded.')
      : null;
  });
  protected readonly grid = computed<CalendarWeek[]>(() => {
    if (this.shifts.status() === 'error') return [];
    const loaded = this.shifts.value();
    if (!loaded) return [];
    const schedule = this.schedule();
    return buildCalendar(loaded.shifts, {
      timeZone: schedule.timeZone,
      first: loaded.first,
      days: loaded.days,
      now: loaded.now,
      colours: colourOrder(schedule),
    });
  });
  /** Everyone in the range with their colour, for the legend. */
  protected readonly legend = computed(() => {
    const seen = new Map<string, { name: string; colour: number }>();
    for (const week of this.grid()) {
      for (const day of week.days) {
        for (const entry of day.entries) {
          if (entry.contactId && !seen.has(entry.contactId)) {
            seen.set(entry.contactId, { name: entry.contactName, colour: entry.colour });
          }
        }
      }
    }
    return [...seen.values()];
  });
  protected readonly total = computed(() =>
    this.grid().reduce((sum, week) => sum + week.days.length, 0),
  );

  protected showWeeks(weeks: number): void {
    this.weeks.set(weeks);
    this.focused.set(0);
  }

  protected reload(): void {
    this.shifts.reload();
  }

  protected onKey(event: KeyboardEvent, index: number): void {
    const next = nextCell(index, event.key, this.total());
    if (next === null) return;
    event.preventDefault();
    this.focused.set(next);
    this.host.nativeElement.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
  }

  protected bandWidth(start: number, end: number): number {
    return Math.max(0.5, (end - start) * 100);
  }
}
