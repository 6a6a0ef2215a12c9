import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import type {
  AlertSeverity,
  EscalationPolicySummary,
  RoutingRuleSummary,
  ServiceSummary,
} from '@hyperion/contracts';
import { ALERT_PERMISSIONS, DEFAULT_SEVERITY_ROUTING } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag, loadResource } from '@hyperion/web/util';
import { filter } from 'rxjs';

import { ConfigApi } from '../config-api';
import {
  SEVERITIES,
  SEVERITY_LABELS,
  URGENCY_LABELS,
  channelKindsInWords,
} from '../config-shared/labels';
import { matcherText } from '../config-shared/matchers';
import { ServiceApi } from '../service-api';
import { RoutingDialog, RoutingDialogData } from './routing-dialog';

/** What happens when no rule matches, in words (the procedures document's defaults). */
export function defaultRoutingInWords(severity: AlertSeverity): string {
  const route = DEFAULT_SEVERITY_ROUTING[severity];
  if (!route.page) return 'Recorded only: nobody is paged';
  if (route.channelKinds === 'all') return 'Every channel at once, SMS and voice included';
  return channelKindsInWords(route.channelKinds);
}

const byPosition = (a: RoutingRuleSummary, b: RoutingRuleSummary) => a.position - b.position;

/**
 * Routing: the organisation's rules in order (the first enabled one whose matchers all match
 * decides), what happens when none does, and with alerts:write new / edit / move / delete.
 */
@Component({
  selector: 'hyp-routing-page',
  imports: [MatButtonModule, MatProgressBarModule],
  templateUrl: './routing-page.html',
  styleUrl: '../config-shared/page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoutingPage {
  private readonly api = inject(ConfigApi);
  private readonly services = inject(ServiceApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly canWrite = computed(() => this.auth.hasPermission(ALERT_PERMISSIONS.write));
  protected readonly rules = loadResource<RoutingRuleSummary[]>({
    load: () => this.api.routingRules(),
    initial: [],
    errorMessage: 'The routing rules could not be loaded.',
  });
  protected readonly serviceList = loadResource<ServiceSummary[]>({
    load: () => this.services.list(),
    initial: [],
    errorMessage: 'The services could not be loaded (rules show without their names).',
  });
  protected readonly policies = loadResource<EscalationPolicySummary[]>({
    load: () => this.api.escalationPolicies(),
    initial: [],
    errorMessage: 'The escalation policies could not be loaded (rules show without their names).',
  });
  protected readonly busy = busyFlag();
  protected readonly ordered = computed(() => [...this.rules.value()].sort(byPosition));
  protected readonly defaults = SEVERITIES.map((severity) => ({
    severity,
    label: SEVERITY_LABELS[severity],
    text: defaultRoutingInWords(severity),
  }));
  protected readonly matcherText = matcherText;

  private readonly serviceNames = computed(
    () => new Map(this.serviceList.value().map((s) => [s.id, s.name])),
  );
  private readonly policyNames = computed(
    () => new Map(this.policies.value().map((p) => [p.id, p.name])),
  );

  /** What a rule does, one phrase per setting it overrides. */
  protected effects(rule: RoutingRuleSummary): string[] {
    const out: string[] = [];
    if (rule.serviceId) {
      out.push(`To the service ${this.serviceNames().get(rule.serviceId) ?? '(unknown service)'}`);
    }
    if (rule.escalationPolicyId) {
      out.push(
        `Escalation: ${this.policyNames().get(rule.escalationPolicyId) ?? '(unknown policy)'}`,
      );
    }
    if (rule.suppress) {
      out.push('Recorded only: nobody is paged');
    } else {
      if (rule.urgency) out.push(URGENCY_LABELS[rule.urgency]);
      if (rule.channelKinds && rule.channelKinds.length > 0) {
        out.push(`At once: ${channelKindsInWords(rule.channelKinds)}`);
      }
    }
    return out.length > 0 ? out : ['Nothing changed (as if no rule matched)'];
  }

  protected create(): void {
    this.openForm(null).subscribe((created) => {
      this.rules.update((list) => [...list, created]);
      this.snackBar.open(`Rule ${created.name} created.`, undefined, { duration: 4000 });
    });
  }

  protected edit(rule: RoutingRuleSummary): void {
    this.openForm(rule).subscribe((saved) => {
      this.rules.update((list) => list.map((r) => (r.id === saved.id ? saved : r)));
      this.snackBar.open(`Rule ${saved.name} saved.`, undefined, { duration: 4000 });
    });
  }

  /** Moves the rule to its neighbour's position; the list is read again (the others shift). */
  protected move(index: number, to: number): void {
    const list = this.ordered();
    const rule = list[index];
    const target = list[to];
    if (!rule || !target) return;
    this.busy.track(this.api.updateRoutingRule(rule.id, { position: target.position })).subscribe({
      next: () => {
        this.rules.set(
          list
            .map((r, i) => (i === index ? { ...r, position: target.position } : r))
            .map((r, i) => (i === to ? { ...r, position: rule.position } : r)),
        );
        this.rules.reload();
        this.snackBar.open(`Rule ${rule.name} is now number ${to + 1}.`, undefined, {
          duration: 4000,
        });
        const direction =
          to < index ? (to === 0 ? 'down' : 'up') : to === list.length - 1 ? 'up' : 'down';
        afterNextRender(
          () =>
            this.host.nativeElement
              .querySelector<HTMLElement>(`[data-testid="rule-${direction}-${rule.id}"]`)
              ?.focus(),
          { injector: this.injector },
        );
      },
      error: (error: unknown) =>
        this.snackBar.open(
          apiErrorMessage(error, `Rule ${rule.name} could not be moved.`),
          'Close',
          {
            politeness: 'assertive',
          },
        ),
    });
  }

  protected remove(rule: RoutingRuleSummary): void {
    const data: ConfirmDialogData = {
      title: `Delete the rule ${rule.name}?`,
      paragraphs: [
        'Alerts it matched go to the next rule that matches, or the severity defaults.',
        'This cannot be undone.',
      ],
      confirmLabel: `Delete ${rule.name}`,
      danger: true,
      action: () => this.busy.track(this.api.deleteRoutingRule(rule.id)),
      errorFallback: 'The rule could not be deleted.',
      testId: 'rule-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        this.rules.update((list) => list.filter((r) => r.id !== rule.id));
        this.snackBar.open(`Rule ${rule.name} deleted.`, undefined, { duration: 4000 });
      });
  }

  private openForm(rule: RoutingRuleSummary | null) {
    return this.dialog
      .open<RoutingDialog, RoutingDialogData, RoutingRuleSummary | undefined>(RoutingDialog, {
        autoFocus: 'input',
        width: '760px',
        maxWidth: '95vw',
        data: {
          rule,
          services: this.serviceList.value(),
          policies: this.policies.value(),
          create: (request) => this.busy.track(this.api.createRoutingRule(request)),
          update: (id, request) => this.busy.track(this.api.updateRoutingRule(id, request)),
        },
      })
      .afterClosed()
      .pipe(filter((saved): saved is RoutingRuleSummary => saved !== undefined));
  }
}
