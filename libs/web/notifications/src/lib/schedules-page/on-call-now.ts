import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import type { ScheduleSummary } from '@hyperion/contracts';
import { apiErrorMessage } from '@hyperion/web/util';
import { Subscription, interval } from 'rxjs';

import { OnCallApi } from '../on-call-api';
import {
  NOTHING_YET,
  ON_CALL_REFRESH_MS,
  OnCallState,
  freshness,
  shiftOver,
  sourceText,
  untilText,
} from './on-call-status';

/** How often the "updated … ago" line is rewritten. */
const CLOCK_MS = 1_000;

/**
 * Who is on call now for one schedule, in large type: the name, until when (in the schedule's
 * zone) and why (rotation or override); "Nobody is on call" when no one is. Asks again every 30
 * seconds, when the shift shown ends and when the schedule changes; says how fresh the answer is,
 * and loudly when it may be out of date (a refresh failed, the answer is old).
 */
@Component({
  selector: 'hyp-on-call-now',
  imports: [MatButtonModule],
  template: `
    @let s = schedule();
    @let answer = state().answer;
    <div
      class="now"
      [class.now--nobody]="answer !== null && !answer.contactId"
      [class.now--stale]="fresh().stale"
      [attr.data-testid]="'on-call-now-' + s.id"
    >
      <span class="label">On call now</span>
      <div aria-live="polite" aria-atomic="true">
        @if (answer) {
          @if (answer.contactName) {
            <p class="who" [attr.data-testid]="'on-call-name-' + s.id">{{ answer.contactName }}</p>
            <p class="until" [attr.data-testid]="'on-call-until-' + s.id">
              {{ until() }}
              @if (source()) {
                <span class="source"> · {{ source() }}</span>
              }
            </p>
          } @else {
            <p class="who" [attr.data-testid]="'on-call-nobody-' + s.id">Nobody is on call</p>
            <p class="until">
              Pages for this schedule reach no one now: add an override, or check the layers.
            </p>
          }
        } @else if (!state().error) {
          <p class="until">Asking who is on call…</p>
        }
      </div>
      <p
        class="freshness"
        [class.freshness--stale]="fresh().stale"
        [attr.data-testid]="'on-call-freshness-' + s.id"
        [attr.data-stale]="fresh().stale"
      >
        @if (fresh().stale) {
          <strong class="stale-tag">{{ answer ? 'May be out of date' : 'Unknown' }}:</strong>
        }
        {{ fresh().text }}
        @if (state().error) {
          <button
            matButton
            type="button"
            [attr.data-testid]="'on-call-retry-' + s.id"
            [disabled]="loading()"
            (click)="refresh()"
          >
            Retry
          </button>
        }
      </p>
    </div>
  `,
  styleUrl: './on-call-now.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OnCallNowPanel {
  private readonly api = inject(OnCallApi);

  readonly schedule = input.required<ScheduleSummary>();

  protected readonly state = signal<OnCallState>(NOTHING_YET);
  protected readonly loading = signal(false);
  private readonly now = signal(Date.now());
  private lastAttempt = 0;
  /** The ended shift a refresh was already asked for (asked once, not every second). */
  private endedShiftAsked: string | null = null;
  private request: Subscription | null = null;

  protected readonly fresh = computed(() => freshness(this.state(), this.now()));
  protected readonly until = computed(() => {
    const answer = this.state().answer;
    return answer ? untilText(answer, this.schedule().timeZone, this.now()) : null;
  });
  protected readonly source = computed(() => sourceText(this.state().answer?.source ?? null));

  constructor() {
    // A new or changed schedule (an edit, an override): ask again at once.
    effect(() => {
      this.schedule();
      untracked(() => this.refresh());
    });
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.tick());
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  /** Asks who is on call now (a request under way is dropped for this one). */
  refresh(): void {
    this.request?.unsubscribe();
    this.lastAttempt = Date.now();
    this.loading.set(true);
    this.request = this.api.onCall(this.schedule().id).subscribe({
      next: (answer) => {
        this.loading.set(false);
        this.now.set(Date.now());
        this.state.set({ answer, fetchedAt: Date.now(), error: null, failedAt: null });
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.now.set(Date.now());
        this.state.update((state) => ({
          ...state,
          error: apiErrorMessage(error, 'Hyperion did not answer.'),
          failedAt: Date.now(),
        }));
      },
    });
  }

  private tick(): void {
    const now = Date.now();
    this.now.set(now);
    if (this.loading()) return;
    const answer = this.state().answer;
    if (answer && shiftOver(answer, now) && answer.shiftEnd !== this.endedShiftAsked) {
      this.endedShiftAsked = answer.shiftEnd;
      this.refresh();
    } else if (now - this.lastAttempt >= ON_CALL_REFRESH_MS) {
      this.refresh();
    }
  }
}
