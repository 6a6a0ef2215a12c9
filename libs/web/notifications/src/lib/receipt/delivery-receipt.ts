import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { DeliveryAttemptSummary, DeliveryState, DeliverySummary } from '@hyperion/contracts';
import { StatusBadge, StatusTone } from '@hyperion/web/ui';

import { ZonedTimePipe } from '../time/zoned-time.pipe';

export const STATE_LABELS: Record<DeliveryState, string> = {
  delivered: 'Delivered',
  failed: 'Failed',
  pending: 'Pending',
};

export const STATE_TONES: Record<DeliveryState, StatusTone> = {
  delivered: 'ok',
  failed: 'error',
  pending: 'neutral',
};

/** What the peer answered: "HTTP 200", "SMTP 250 2.0.0 Ok", or "No answer". */
export function attemptReply(attempt: DeliveryAttemptSummary): string {
  if (attempt.httpStatus !== undefined && attempt.httpStatus !== null) {
    return `HTTP ${attempt.httpStatus}`;
  }
  if (attempt.smtpResponse) {
    return `SMTP ${attempt.smtpResponse}`;
  }
  return 'No answer';
}

/** Why a delivery failed: the error of its last attempt (or a plain sentence when none is given). */
export function failureReason(delivery: DeliverySummary): string {
  const last = delivery.attempts[delivery.attempts.length - 1];
  return last?.error ?? (last ? attemptReply(last) : 'No attempt was made.');
}

/**
 * The receipt of one delivery: its state (a failure with its reason, never hidden) and each
 * attempt with the provider, the peer's answer (HTTP status or SMTP reply) and the latency.
 */
@Component({
  selector: 'hyp-delivery-receipt',
  imports: [StatusBadge, ZonedTimePipe],
  template: `
    @let d = delivery();
    <div class="state-line">
      <hyp-status-badge
        data-testid="receipt-state"
        [attr.data-state]="d.state"
        [tone]="tones[d.state]"
        [label]="labels[d.state]"
      />
      <span class="secondary">to {{ d.recipient }}</span>
    </div>
    @if (d.state === 'failed') {
      <p class="failure" role="alert" data-testid="receipt-error">Not delivered: {{ reason() }}</p>
    } @else if (d.state === 'pending') {
      <p class="note" data-testid="receipt-pending">
        Not delivered yet: Hyperion keeps retrying. Its outcome shows under Deliveries.
      </p>
    }
    @if (d.attempts.length > 0) {
      <ol class="attempts" aria-label="Attempts">
        @for (attempt of d.attempts; track attempt.attempt) {
          <li
            class="attempt"
            [class.attempt-failed]="attempt.status === 'failed'"
            [attr.data-testid]="'receipt-attempt-' + attempt.attempt"
          >
            <span class="attempt-title">Attempt {{ attempt.attempt }}</span>
            <span>{{ attempt.provider }}</span>
            <span class="mono" data-testid="receipt-reply">{{ reply(attempt) }}</span>
            <span class="mono">{{ attempt.latencyMs }} ms</span>
            <span class="secondary"
              ><time [attr.datetime]="attempt.at">{{ attempt.at | zonedTime }}</time></span
            >
            @if (attempt.error) {
              <span class="attempt-error">{{ attempt.error }}</span>
            }
          </li>
        }
      </ol>
    } @else {
      <p class="note">No attempt yet.</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .state-line {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .secondary,
    .note {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .failure {
      margin: 0;
      padding: 8px 12px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      overflow-wrap: anywhere;
    }
    .attempts {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .attempt {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 16px;
      padding: 6px 10px;
      border-left: 3px solid var(--hyp-ok, var(--mat-sys-primary));
      background: var(--mat-sys-surface-container-low);
    }
    .attempt-failed {
      border-left-color: var(--mat-sys-error);
    }
    .attempt-title {
      font-weight: 500;
    }
    .attempt-error {
      flex-basis: 100%;
      color: var(--mat-sys-error);
      overflow-wrap: anywhere;
    }
    .mono {
      font-family: ui-monospace, monospace;
      font-size: 0.8125rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveryReceipt {
  readonly delivery = input.required<DeliverySummary>();

  protected readonly labels = STATE_LABELS;
  protected readonly tones = STATE_TONES;
  protected readonly reason = computed(() => failureReason(this.delivery()));
  protected readonly reply = attemptReply;
}
