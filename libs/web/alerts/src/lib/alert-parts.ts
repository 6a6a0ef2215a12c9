import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AlertSeverity, AlertState } from '@hyperion/contracts';

import { SEVERITY_INFO, STATE_INFO } from './alert-format';

const CHIP_STYLES = `
  :host {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 2px 10px;
    border-radius: 999px;
    font: var(--mat-sys-label-large);
    white-space: nowrap;
  }
  .mark {
    font-weight: 700;
  }
`;

/**
 * A severity in words ("Critical"), with a mark and a colour that only repeat them. The colours
 * keep at least 7:1 contrast in both schemes.
 */
@Component({
  selector: 'hyp-alert-severity',
  template: `<span class="mark" aria-hidden="true">{{ info().mark }}</span
    ><span class="label">{{ info().label }}</span>`,
  styles: `
    ${CHIP_STYLES}
    :host([data-severity='critical']) {
      background: light-dark(#8c1d18, #ffb4ab);
      color: light-dark(#ffffff, #410002);
    }
    :host([data-severity='high']) {
      background: light-dark(#ffdad6, #690005);
      color: light-dark(#410002, #ffdad6);
    }
    :host([data-severity='medium']) {
      background: light-dark(#ffecb3, #4d3800);
      color: light-dark(#3b2a00, #ffe08a);
    }
    :host([data-severity='low']) {
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
  `,
  host: { '[attr.data-severity]': 'severity()', '[attr.title]': 'info().detail' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertSeverityChip {
  readonly severity = input.required<AlertSeverity>();
  protected readonly info = computed(() => SEVERITY_INFO[this.severity()]);
}

/** An alert's state in words ("Acknowledged"), with a mark and a colour that repeat them. */
@Component({
  selector: 'hyp-alert-state',
  template: `<span class="mark" aria-hidden="true">{{ info().mark }}</span
    ><span class="label">{{ info().label }}</span>`,
  styles: `
    ${CHIP_STYLES}
    :host([data-state='triggered']) {
      background: var(--mat-sys-error-container, #ffdad6);
      color: var(--mat-sys-on-error-container, #410002);
    }
    :host([data-state='acknowledged']),
    :host([data-state='snoozed']) {
      background: light-dark(#ffecb3, #4d3800);
      color: light-dark(#3b2a00, #ffe08a);
    }
    :host([data-state='resolved']) {
      background: var(--hyp-ok-container, #c9f0d1);
      color: var(--hyp-on-ok-container, #0b3d1b);
    }
  `,
  host: { '[attr.data-state]': 'state()', '[attr.title]': 'info().detail' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertStateChip {
  readonly state = input.required<AlertState>();
  protected readonly info = computed(() => STATE_INFO[this.state()]);
}
