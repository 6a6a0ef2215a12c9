import { DOCUMENT, DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import type {
  EscalationPolicySummary,
  IntegrationSummary,
  ServiceSummary,
  TeamSummary,
} from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_PERMISSIONS, SERVICE_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { OnCallApi } from '@hyperion/web/notifications';
import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { filter, of } from 'rxjs';

import { ConfigApi } from '../config-api';
import { CopyValue } from '../config-shared/copy-value';
import {
  INTEGRATION_KIND_LABELS,
  URGENCY_RULE_LABELS,
  minutesInWords,
} from '../config-shared/labels';
import { SeverityCounts } from '../config-shared/severity-counts';
import { ServiceApi } from '../service-api';
import { ServiceDialog, ServiceDialogData } from '../services-page/service-dialog';
import {
  ConsoleOrigin,
  alertmanagerReceiver,
  alertmanagerWebhookUrl,
  curlTrigger,
  eventsUrl,
  prometheusConfig,
  prometheusUrl,
} from './ingest-snippets';
import { IntegrationDialog, IntegrationDialogData } from './integration-dialog';

/**
 * One service (`services/:id`): its settings, what it depends on and what depends on it, and
 * its integrations with their routing keys, ingest URLs and example configurations to copy.
 */
@Component({
  selector: 'hyp-service-detail-page',
  imports: [CopyValue, DatePipe, MatButtonModule, MatProgressBarModule, RouterLink, SeverityCounts],
  templateUrl: './service-detail-page.html',
  styleUrl: '../config-shared/page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServiceDetailPage {
  private readonly api = inject(ServiceApi);
  private readonly config = inject(ConfigApi);
  private readonly onCall = inject(OnCallApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  private readonly location = inject(DOCUMENT).location;

  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly canWrite = computed(() => this.auth.hasPermission(SERVICE_PERMISSIONS.write));
  private readonly canReadTeams = this.auth.hasPermission(NOTIFICATION_CHANNEL_PERMISSIONS.read);
  protected readonly service = loadResource<ServiceSummary | null>({
    load: () => this.api.get(this.id()),
    initial: null,
    errorMessage: 'The service could not be loaded.',
  });
  protected readonly services = loadResource<ServiceSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The other services could not be loaded (dependencies show without names).',
  });
  protected readonly teams = loadResource<TeamSummary[]>({
    load: () => (this.canReadTeams ? this.onCall.teams() : of([])),
    initial: [],
    errorMessage: 'The teams could not be loaded.',
  });
  protected readonly policies = loadResource<EscalationPolicySummary[]>({
    load: () => this.config.escalationPolicies(),
    initial: [],
    errorMessage: 'The escalation policies could not be loaded.',
  });
  protected readonly busy = busyFlag();
  /** The integration just created: its key is what the person came for. */
  protected readonly fresh = signal<string | null>(null);

  protected readonly origin: ConsoleOrigin = {
    protocol: this.location.protocol,
    hostname: this.location.hostname,
    port: this.location.port,
  };
  protected readonly kindLabels = INTEGRATION_KIND_LABELS;
  protected readonly urgencyRules = URGENCY_RULE_LABELS;
  protected readonly minutes = minutesInWords;
  protected readonly eventsUrl = eventsUrl(this.origin);
  protected readonly prometheusUrl = (i: IntegrationSummary) => prometheusUrl(this.origin, i);
  protected readonly webhookUrl = (i: IntegrationSummary) => alertmanagerWebhookUrl(this.origin, i);
  protected readonly curl = (i: IntegrationSummary) => curlTrigger(this.origin, i);
  protected readonly prometheusConfig = (i: IntegrationSummary) => prometheusConfig(this.origin, i);
  protected readonly receiver = (i: IntegrationSummary) => alertmanagerReceiver(this.origin, i);

  private readonly serviceNames = computed(
    () => new Map(this.services.value().map((s) => [s.id, s.name])),
  );
  protected readonly dependencies = computed(() =>
    (this.service.value()?.dependsOn ?? []).map((id) => ({
      id,
      name: this.serviceNames().get(id) ?? 'Unknown service',
    })),
  );
  protected readonly dependants = computed(() => {
    const id = this.service.value()?.id;
    return this.services.value().filter((other) => id && other.dependsOn.includes(id));
  });
  protected readonly teamName = computed(() => {
    const teamId = this.service.value()?.teamId;
    if (!teamId) return 'No team';
    return this.teams.value().find((team) => team.id === teamId)?.name ?? 'Unknown team';
  });
  protected readonly policyName = computed(() => {
    const policyId = this.service.value()?.escalationPolicyId;
    const policies = this.policies.value();
    if (!policyId) {
      const fallback = policies.find((policy) => policy.isDefault);
      return fallback
        ? `The organisation's default (${fallback.name})`
        : "The organisation's default";
    }
    return policies.find((policy) => policy.id === policyId)?.name ?? 'Unknown policy';
  });

  constructor() {
    // Following a dependency's link keeps this page: load the other service.
    let shown: string | null = null;
    effect(() => {
      const id = this.id();
      if (shown !== null && shown !== id) {
        this.fresh.set(null);
        this.service.reload();
      }
      shown = id;
    });
  }

  protected edit(service: ServiceSummary): void {
    this.dialog
      .open<ServiceDialog, ServiceDialogData, ServiceSummary | undefined>(ServiceDialog, {
        autoFocus: 'input',
        width: '640px',
        maxWidth: '95vw',
        data: {
          service,
          teams: this.teams.value(),
          policies: this.policies.value(),
          services: this.services.value(),
          create: () => of(service),
          update: (id, request) => this.busy.track(this.api.update(id, request)),
        },
      })
      .afterClosed()
      .pipe(filter((saved): saved is ServiceSummary => saved !== undefined))
      .subscribe((saved) => {
        this.service.set(saved);
        this.services.update((list) => list.map((s) => (s.id === saved.id ? saved : s)));
        this.snackBar.open(`Service ${saved.name} saved.`, undefined, { duration: 4000 });
      });
  }

  protected addIntegration(service: ServiceSummary): void {
    this.dialog
      .open<IntegrationDialog, IntegrationDialogData, IntegrationSummary | undefined>(
        IntegrationDialog,
        {
          autoFocus: 'input',
          width: '520px',
          maxWidth: '95vw',
          data: {
            serviceName: service.name,
            create: (request) => this.busy.track(this.api.createIntegration(service.id, request)),
          },
        },
      )
      .afterClosed()
      .pipe(filter((created): created is IntegrationSummary => created !== undefined))
      .subscribe((created) => {
        this.service.update((current) =>
          current ? { ...current, integrations: [...current.integrations, created] } : current,
        );
        this.fresh.set(created.id);
        this.snackBar.open(
          `Integration ${created.name} created: copy its routing key below.`,
          undefined,
          {
            duration: 6000,
          },
        );
      });
  }

  protected removeIntegration(service: ServiceSummary, integration: IntegrationSummary): void {
    const data: ConfirmDialogData = {
      title: `Delete the integration ${integration.name}?`,
      paragraphs: [
        `Its routing key stops working at once: whatever still sends alerts with it (${this.kindLabels[integration.kind]}) is refused, and ${service.name} no longer hears from it.`,
        'This cannot be undone; a new integration gets a new key.',
      ],
      confirmLabel: `Delete ${integration.name}`,
      danger: true,
      action: () => this.busy.track(this.api.deleteIntegration(service.id, integration.id)),
      errorFallback: 'The integration could not be deleted.',
      testId: 'integration-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        this.service.update((current) =>
          current
            ? {
                ...current,
                integrations: current.integrations.filter((i) => i.id !== integration.id),
              }
            : current,
        );
        this.snackBar.open(`Integration ${integration.name} deleted.`, undefined, {
          duration: 4000,
        });
      });
  }
}
