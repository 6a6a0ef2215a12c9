import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The strip every console page shows while live updates are lost: what is happening ("Live
 * updates paused — reconnecting…") and since when. The shell decides when to show it.
 */
@Component({
  selector: 'hyp-connection-banner',
  imports: [DatePipe],
  template: `
    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
      <path
        d="M23.64 7c-.45-.34-4.93-4-11.64-4-1.5 0-2.89.19-4.15.48L18.18 13.8 23.64 7zM17.04 15.22 3.27 1.44 2 2.72l2.05 2.06C1.91 5.76.59 6.82.36 7l11.63 14.49.01.01.01-.01 3.9-4.86 3.32 3.32 1.27-1.27-3.46-3.46z"
      />
    </svg>
    <span>
      <strong>Live updates paused — reconnecting…</strong>
      <span class="since">
        Connection lost at
        <time [attr.datetime]="since().toISOString()">{{ since() | date: 'mediumTime' }}</time
        >. What you see may be out of date.
      </span>
    </span>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 8px 16px;
      background: var(--mat-sys-tertiary-container, #d6e3ff);
      color: var(--mat-sys-on-tertiary-container, #001b3e);
      font: var(--mat-sys-body-medium);
    }
    .icon {
      flex: none;
      width: 20px;
      height: 20px;
      fill: currentColor;
    }
    .since {
      margin-left: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'data-testid': 'connection-banner' },
})
export class ConnectionBanner {
  /** When the connection was lost. */
  readonly since = input.required<Date>();
}
