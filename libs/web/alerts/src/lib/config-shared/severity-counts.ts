import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AlertSeverity } from '@hyperion/contracts';

import { SEVERITIES, SEVERITY_LABELS } from './labels';

/**
 * Open alerts by severity as coloured chips that also say it in words ("2 critical"); "None
 * open" when there are none. Colour is never the only sign.
 */
@Component({
  selector: 'hyp-severity-counts',
  template: `
    @if (chips().length === 0) {
      <span class="none">None open</span>
    } @else {
      <span class="chips">
        @for (chip of chips(); track chip.severity) {
          <span class="chip" [attr.data-severity]="chip.severity">
            {{ chip.count }} {{ chip.label }}
          </span>
        }
      </span>
    }
  `,
  styleUrl: './severity.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeverityCounts {
  readonly counts = input.required<Partial<Record<AlertSeverity, number>>>();

  protected readonly chips = computed(() =>
    SEVERITIES.filter((severity) => (this.counts()[severity] ?? 0) > 0).map((severity) => ({
      severity,
      count: this.counts()[severity] ?? 0,
      label: SEVERITY_LABELS[severity].toLowerCase(),
    })),
  );
}
