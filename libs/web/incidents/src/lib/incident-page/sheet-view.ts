import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { IncidentDetail } from '@hyperion/contracts';

import {
  ERROR_TYPE_LABELS,
  REPORTER_KIND_LABELS,
  listInWords,
  localTime,
  severityText,
} from '../shared/format';

/** The anomaly sheet to read, section by section in the document's order. */
@Component({
  selector: 'hyp-incident-sheet-view',
  template: `
    @let i = incident();
    <dl class="facts" data-testid="sheet-view">
      <dt>Date</dt>
      <dd data-testid="view-reported-at">
        <time [attr.datetime]="i.reportedAt">{{ localTime(i.reportedAt) }}</time>
      </dd>
      <dt>Reported by</dt>
      <dd data-testid="view-reported-by">
        {{ i.reportedBy.name || '—' }} ({{ reporterKind[i.reportedBy.kind].toLowerCase() }})
      </dd>
      <dt>Severity</dt>
      <dd>{{ severityText(i.severity) }}</dd>
      <dt>Affected module</dt>
      <dd data-testid="view-module">{{ i.module ?? '—' }}</dd>
      <dt>Error type</dt>
      <dd data-testid="view-error-type">
        @if (i.errorType === 'other') {
          Other: {{ i.errorTypeOther }}
        } @else if (i.errorType) {
          {{ errorType[i.errorType] }}
        } @else {
          —
        }
      </dd>
      <dt>Description</dt>
      <dd class="text" data-testid="view-description">{{ i.description || '—' }}</dd>
      <dt>Reproduction steps</dt>
      <dd>
        @if (i.reproductionSteps.length === 0) {
          —
        } @else {
          <ol class="steps" data-testid="view-steps">
            @for (step of i.reproductionSteps; track $index) {
              <li>
                <span class="step">
                  <span>{{ step.action }}</span>
                  @if (step.endpoint) {
                    <code>{{ step.endpoint }}</code>
                  }
                  @if (step.parameters) {
                    <span class="secondary">with {{ step.parameters }}</span>
                  }
                </span>
              </li>
            }
          </ol>
        }
      </dd>
      <dt>Expected behaviour</dt>
      <dd class="text">{{ i.expectedBehaviour ?? '—' }}</dd>
      <dt>Observed behaviour</dt>
      <dd class="text">{{ i.observedBehaviour ?? '—' }}</dd>
      <dt>Environment</dt>
      <dd data-testid="view-environment">
        OS: {{ i.environment.os ?? '—' }} · Browser: {{ i.environment.browser ?? '—' }}
        {{ i.environment.browserVersion ?? '' }}
        @if (i.environment.versions.length > 0) {
          <br />Versions: {{ versions() }}
        }
      </dd>
      <dt>Technical logs</dt>
      <dd data-testid="view-logs">
        Audit entry: {{ i.technicalLogs.auditLogId ?? '—' }} · IP address:
        {{ i.technicalLogs.ipAddress ?? '—' }} · Timestamp:
        {{ i.technicalLogs.timestamp ? localTime(i.technicalLogs.timestamp) : '—' }}
        @if (i.technicalLogs.traceback) {
          <details>
            <summary>Exception traceback</summary>
            <pre class="traceback">{{ i.technicalLogs.traceback }}</pre>
          </details>
        }
      </dd>
      <dt>Technical analysis</dt>
      <dd>
        Failing component: {{ i.analysis.failingComponent ?? '—' }}<br />
        Probable cause: {{ i.analysis.probableCause ?? '—' }}<br />
        User impact: {{ i.analysis.userImpact ?? '—' }}
      </dd>
      <dt>Proposed solution</dt>
      <dd data-testid="view-solution">
        Code fix: {{ i.proposedSolution.codeFix ?? '—' }}<br />
        Database migration: {{ i.proposedSolution.dbMigration ?? '—' }}<br />
        Services to restart: {{ restarts() || '—' }}
      </dd>
      <dt>Service</dt>
      <dd>{{ i.serviceName ?? (i.serviceId ? 'A deleted service' : '—') }}</dd>
      <dt>Resolution date</dt>
      <dd>{{ i.resolvedAt ? localTime(i.resolvedAt) : 'Not resolved' }}</dd>
    </dl>
  `,
  styles: `
    .facts {
      display: grid;
      grid-template-columns: minmax(140px, max-content) 1fr;
      gap: 6px 16px;
      margin: 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .text {
      white-space: pre-wrap;
    }
    .steps {
      margin: 0;
      padding-left: 20px;
    }
    .step {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 0 6px;
    }
    .secondary {
      color: var(--mat-sys-on-surface-variant);
    }
    .traceback {
      max-height: 320px;
      overflow: auto;
      padding: 8px;
      background: var(--mat-sys-surface-container);
      font-size: 0.8125rem;
    }
    summary:focus-visible {
      outline: 3px solid var(--hyp-focus, #0b4fb3);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentSheetView {
  readonly incident = input.required<IncidentDetail>();

  protected readonly localTime = localTime;
  protected readonly severityText = severityText;
  protected readonly reporterKind = REPORTER_KIND_LABELS;
  protected readonly errorType = ERROR_TYPE_LABELS;

  protected versions(): string {
    return this.incident()
      .environment.versions.map((entry) => `${entry.name} ${entry.version}`)
      .join(', ');
  }

  protected restarts(): string {
    return listInWords(this.incident().proposedSolution.servicesToRestart);
  }
}
