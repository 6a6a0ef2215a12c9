import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { IncidentSeverity, IncidentStatus } from '@hyperion/contracts';

import { SEVERITY_INFO, statusText } from './format';

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
  .sheet {
    font-weight: 400;
  }
`;

/**
 * A severity in words with the sheet's label ("High · Major"), a mark and a colour that only
 * repeat them (at least 7:1 contrast in both schemes). The hint says what it means.
 */
@Component({
  selector: 'hyp-incident-severity',
  template: `<span class="mark" aria-hidden="true">{{ info().mark }}</span
    ><span class="label">{{ info().label }}</span>
    @if (info().sheet !== info().label) {
      <span class="sheet">· {{ info().sheet }}</span>
    }`,
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
  host: { '[attr.data-severity]': 'severity()', '[attr.title]': 'info().hint' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentSeverityChip {
  readonly severity = input.required<IncidentSeverity>();
  protected readonly info = computed(() => SEVERITY_INFO[this.severity()]);
}

const STATUS_MARKS: Readonly<Record<IncidentStatus, string>> = {
  open: '!',
  acknowledged: '✓',
  in_progress: '…',
  resolved: '✓✓',
  closed: '■',
};

/** Where an incident stands, in words, with a mark and a colour that repeat them. */
@Component({
  selector: 'hyp-incident-status',
  template: `<span class="mark" aria-hidden="true">{{ mark() }}</span
    ><span class="label">{{ label() }}</span>`,
  styles: `
    ${CHIP_STYLES}
    :host([data-status='open']) {
      background: var(--mat-sys-error-container, #ffdad6);
      color: var(--mat-sys-on-error-container, #410002);
    }
    :host([data-status='acknowledged']),
    :host([data-status='in_progress']) {
      background: light-dark(#ffecb3, #4d3800);
      color: light-dark(#3b2a00, #ffe08a);
    }
    :host([data-status='resolved']) {
      background: var(--hyp-ok-container, #c9f0d1);
      color: var(--hyp-on-ok-container, #0b3d1b);
    }
    :host([data-status='closed']) {
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
  `,
  host: { '[attr.data-status]': 'status()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentStatusChip {
  readonly status = input.required<IncidentStatus>();
  protected readonly label = computed(() => statusText(this.status()));
  protected readonly mark = computed(() => STATUS_MARKS[this.status()]);
}
