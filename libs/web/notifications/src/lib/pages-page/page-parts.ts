import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { PageState, PageSummary } from '@hyperion/contracts';

import { PAGE_STATES, stepProblem, stepText } from './page-status';

/**
 * A page's state as a chip: its words ("Notifying", "Acknowledged", "Nobody acknowledged") with
 * a shape and a colour that only repeat them.
 */
@Component({
  selector: 'hyp-page-state',
  template: `
    <span class="mark" aria-hidden="true">{{ mark() }}</span>
    <span class="label">{{ info().label }}</span>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-large);
      letter-spacing: 0.02em;
      white-space: nowrap;
    }
    // At least 7:1 contrast in both schemes.
    :host([data-state='notifying']) {
      background: light-dark(#ffecb3, #4d3800);
      color: light-dark(#3b2a00, #ffe08a);
    }
    :host([data-state='acknowledged']) {
      background: var(--hyp-ok-container, #c9f0d1);
      color: var(--hyp-on-ok-container, #0b3d1b);
    }
    :host([data-state='exhausted']) {
      background: var(--mat-sys-error-container, #ffdad6);
      color: var(--mat-sys-on-error-container, #410002);
    }
    .mark {
      font-weight: 700;
    }
  `,
  host: { '[attr.data-state]': 'state()', '[attr.title]': 'info().detail' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PageStateChip {
  readonly state = input.required<PageState>();

  protected readonly info = computed(() => PAGE_STATES[this.state()]);
  protected readonly mark = computed(() =>
    this.state() === 'acknowledged' ? '✓' : this.state() === 'exhausted' ? '!' : '…',
  );
}

/**
 * A page's steps in order, each in words ("After 5 min · SMS · sent at 03:17 CET"), with a link
 * to its delivery on the Deliveries page once it was sent.
 */
@Component({
  selector: 'hyp-page-steps',
  imports: [RouterLink],
  template: `
    @let p = page();
    @if (p.steps.length === 0) {
      <p class="secondary">No steps.</p>
    } @else {
      <ol class="steps" aria-label="Steps">
        @for (step of p.steps; track step.step) {
          <li
            [class.problem]="problem(step)"
            [attr.data-state]="step.state"
            [attr.data-testid]="'page-step-' + p.id + '-' + step.step"
          >
            <span class="step-text">{{ text(step) }}</span>
            @if (step.deliveryId) {
              <span aria-hidden="true"> · </span>
              <a
                routerLink="../deliveries"
                [relativeTo]="route()"
                [queryParams]="{ delivery: step.deliveryId }"
                [attr.data-testid]="'page-step-delivery-' + p.id + '-' + step.step"
                >Delivery<span class="visually-hidden">
                  of step {{ step.step + 1 }} to {{ p.contactName }}</span
                ></a
              >
            }
          </li>
        }
      </ol>
    }
  `,
  styles: `
    .steps {
      margin: 0;
      padding-left: 24px;
    }
    li {
      padding: 2px 0;
    }
    li.problem .step-text {
      color: var(--mat-sys-error);
      font-weight: 500;
    }
    a {
      color: var(--mat-sys-primary);
    }
    li[data-state='cancelled'] .step-text {
      color: var(--mat-sys-on-surface-variant);
    }
    .secondary {
      margin: 0;
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
export class PageSteps {
  readonly page = input.required<PageSummary>();
  /** The zone the times are shown in (the browser's). */
  readonly timeZone = input.required<string>();
  /** Now (ms): a late step says so. */
  readonly now = input.required<number>();
  /**
   * The Pages page's route, when shown outside it (a dialog): the links are relative to it.
   * Left out, they are relative to the route of the page this is in (`null` would mean the root).
   */
  readonly route = input<ActivatedRoute | undefined>(undefined);

  protected text(step: PageSummary['steps'][number]): string {
    return stepText(step, this.timeZone(), this.now());
  }

  protected problem(step: PageSummary['steps'][number]): boolean {
    return stepProblem(step, this.now());
  }
}
