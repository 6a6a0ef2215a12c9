import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { EscalationPolicySummary, ServiceSummary, TeamSummary } from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_PERMISSIONS, SERVICE_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { OnCallApi } from '@hyperion/web/notifications';
import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { filter, of } from 'rxjs';

import { ConfigApi } from '../config-api';
import { SeverityCounts } from '../config-shared/severity-counts';
import { ServiceApi } from '../service-api';
import { ServiceDialog, ServiceDialogData } from './service-dialog';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/**
 * The services alerts arrive at: owning team, escalation policy, open alerts by severity,
 * integrations. With alerts:write: new service, edit, delete after a confirmation.
 */
@Component({
  selector: 'hyp-services-page',
  imports: [MatButtonModule, MatProgressBarModule, MatTableModule, RouterLink, SeverityCounts],
  templateUrl: './services-page.html',
  styleUrl: '../config-shared/page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServicesPage {
  private readonly api = inject(ServiceApi);
  private readonly config = inject(ConfigApi);
  private readonly onCall = inject(OnCallApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  protected readonly canWrite = computed(() => this.auth.hasPermission(SERVICE_PERMISSIONS.write));
  private readonly canReadTeams = this.auth.hasPermission(NOTIFICATION_CHANNEL_PERMISSIONS.read);
  protected readonly columns = computed(() => [
    'name',
    'team',
    'policy',
    'open',
    'integrations',
    ...(this.canWrite() ? ['actions'] : []),
  ]);
  protected readonly services = loadResource<ServiceSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The services could not be loaded.',
  });
  protected readonly teams = loadResource<TeamSummary[]>({
    load: () => (this.canReadTeams ? this.onCall.teams() : of([])),
    initial: [],
    errorMessage: 'The teams could not be loaded (services show without their team names).',
  });
  protected readonly policies = loadResource<EscalationPolicySummary[]>({
    load: () => this.config.escalationPolicies(),
    initial: [],
    errorMessage:
      'The escalation policies could not be loaded (services show without their policy names).',
  });
  protected readonly busy = busyFlag();

  private readonly teamNames = computed(
    () => new Map(this.teams.value().map((team) => [team.id, team.name])),
  );
  private readonly policyNames = computed(
    () => new Map(this.policies.value().map((policy) => [policy.id, policy.name])),
  );
  protected readonly defaultPolicy = computed(() =>
    this.policies.value().find((policy) => policy.isDefault),
  );

  protected teamName(service: ServiceSummary): string {
    if (!service.teamId) return 'No team';
    return this.teamNames().get(service.teamId) ?? 'Unknown team';
  }

  protected policyName(service: ServiceSummary): string {
    if (!service.escalationPolicyId) {
      const fallback = this.defaultPolicy();
      return fallback ? `Default (${fallback.name})` : 'The default policy';
    }
    return this.policyNames().get(service.escalationPolicyId) ?? 'Unknown policy';
  }

  protected reloadAll(): void {
    this.services.reload();
    this.teams.reload();
    this.policies.reload();
  }

  protected create(): void {
    this.openForm(null).subscribe((created) => {
      this.services.update((list) => [...list, created].sort(byName));
      this.snackBar.open(`Service ${created.name} created.`, undefined, { duration: 4000 });
    });
  }

  protected edit(service: ServiceSummary): void {
    this.openForm(service).subscribe((saved) => {
      this.services.update((list) => list.map((s) => (s.id === saved.id ? saved : s)).sort(byName));
      this.snackBar.open(`Service ${saved.name} saved.`, undefined, { duration: 4000 });
    });
  }

  protected remove(service: ServiceSummary): void {
    const dependants = this.services
      .value()
      .filter((other) => other.dependsOn.includes(service.id))
      .map((other) => other.name);
    const keys = service.integrations.length;
    const data: ConfirmDialogData = {
      title: `Delete the service ${service.name}?`,
      paragraphs: [
        keys === 0
          ? `${service.name} goes, with its settings.`
          : `${service.name} goes, with its ${keys === 1 ? 'integration: its routing key stops' : `${keys} integrations: their routing keys stop`} working at once, and alerts sent with ${keys === 1 ? 'it' : 'them'} are refused.`,
        ...(dependants.length > 0
          ? [
              `${dependants.join(', ')} depend${dependants.length === 1 ? 's' : ''} on it and will no longer be inhibited by it.`,
            ]
          : []),
        'This cannot be undone.',
      ],
      confirmLabel: `Delete ${service.name}`,
      danger: true,
      action: () => this.busy.track(this.api.delete(service.id)),
      errorFallback: 'The service could not be deleted.',
      testId: 'service-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        this.services.update((list) => list.filter((s) => s.id !== service.id));
        this.snackBar.open(`Service ${service.name} deleted.`, undefined, { duration: 4000 });
      });
  }

  private openForm(service: ServiceSummary | null) {
    return this.dialog
      .open<ServiceDialog, ServiceDialogData, ServiceSummary | undefined>(ServiceDialog, {
        autoFocus: 'input',
        width: '640px',
        maxWidth: '95vw',
        data: {
          service,
          teams: this.teams.value(),
          policies: this.policies.value(),
          services: this.services.value(),
          create: (request) => this.busy.track(this.api.create(request)),
          update: (id, request) => this.busy.track(this.api.update(id, request)),
        },
      })
      .afterClosed()
      .pipe(filter((saved): saved is ServiceSummary => saved !== undefined));
  }
}
