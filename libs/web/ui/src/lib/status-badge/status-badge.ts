import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** Visual tone of a status badge. Deliberately domain-free so any module can map onto it. */
export type StatusTone = 'ok' | 'error' | 'neutral';

const DEFAULT_LABELS: Record<StatusTone, string> = {
  ok: 'OK',
  error: 'ERROR',
  neutral: 'Unknown',
};

/** A small coloured chip telling whether something is fine (green), failing (red) or unknown (grey). */
@Component({
  selector: 'hyp-status-badge',
  templateUrl: './status-badge.html',
  styleUrl: './status-badge.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'hyp-status-badge',
    '[class.hyp-status-badge--ok]': "tone() === 'ok'",
    '[class.hyp-status-badge--error]': "tone() === 'error'",
    '[attr.data-tone]': 'tone()',
  },
})
export class StatusBadge {
  readonly tone = input.required<StatusTone>();
  /** Text of the chip; defaults to OK / ERROR / Unknown. */
  readonly label = input<string>();

  protected readonly text = computed(() => this.label() ?? DEFAULT_LABELS[this.tone()]);
}
