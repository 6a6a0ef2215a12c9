import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** A pulsing dot telling whether the console currently receives live updates. */
@Component({
  selector: 'hyp-live-indicator',
  templateUrl: './live-indicator.html',
  styleUrl: './live-indicator.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'hyp-live-indicator',
    role: 'status',
    'aria-live': 'polite',
    '[class.hyp-live-indicator--connected]': 'connected()',
  },
})
export class LiveIndicator {
  readonly connected = input.required<boolean>();
  readonly connectedLabel = input('Live');
  readonly disconnectedLabel = input('Offline, reconnecting…');
}
