import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import type {
  ContactSummary,
  EscalationLevel,
  EscalationPolicySummary,
  NotificationChannelDetails,
  ScheduleSummary,
  TeamSummary,
} from '@hyperion/contracts';
import { ALERT_PERMISSIONS, NOTIFICATION_CHANNEL_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { NotificationChannelApi, OnCallApi } from '@hyperion/web/notifications';
import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { Observable, filter, of } from 'rxjs';

import { ConfigApi } from '../config-api';
import { channelKindsInWords, listInWords, minutesInWords } from '../config-shared/labels';
import { EscalationDialog, EscalationDialogData } from './escalation-dialog';
import { targetDirectory } from './targets';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/**
 * Escalation policies: who is reached, level after level, until someone acknowledges. The
 * default one (the procedures' levels) as the API returns it; with alerts:write new / edit /
 * delete.
 */
@Component({
  selector: 'hyp-escalation-policies-page',
  imports: [MatButtonModule, MatProgressBarModule],
  templateUrl: './escalation-page.html',
  styleUrl: '../config-shared/page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EscalationPoliciesPage {
  private readonly api = inject(ConfigApi);
  private readonly onCall = inject(OnCallApi);
  private readonly channelApi = inject(NotificationChannelApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  protected readonly canWrite = computed(() => this.auth.hasPermission(ALERT_PERMISSIONS.write));
  private readonly canReadPeople = this.auth.hasPermission(NOTIFICATION_CHANNEL_PERMISSIONS.read);
  private readonly people = <T>(load: () => Observable<T[]>) =>
    this.canReadPeople ? load() : of([] as T[]);

  protected readonly policies = loadResource<EscalationPolicySummary[]>({
    load: () => this.api.escalationPolicies(),
    initial: [],
    errorMessage: 'The escalation policies could not be loaded.',
  });
  protected readonly contacts = loadResource<ContactSummary[]>({
    load: () => this.people(() => this.onCall.contacts()),
    initial: [],
    errorMessage: 'The contacts could not be loaded (levels show without their names).',
  });
  protected readonly teams = loadResource<TeamSummary[]>({
    load: () => this.people(() => this.onCall.teams()),
    initial: [],
    errorMessage: 'The teams could not be loaded (levels show without their names).',
  });
  protected readonly schedules = loadResource<ScheduleSummary[]>({
    load: () => this.people(() => this.onCall.schedules()),
    initial: [],
    errorMessage: 'The on-call schedules could not be loaded (levels show without their names).',
  });
  protected readonly channels = loadResource<NotificationChannelDetails[]>({
    load: () => this.people(() => this.channelApi.list()),
    initial: [],
    errorMessage:
      'The notification channels could not be loaded (levels show without their names).',
  });
  protected readonly busy = busyFlag();
  protected readonly loads = [
    this.policies,
    this.contacts,
    this.teams,
    this.schedules,
    this.channels,
  ];
  protected readonly directoryLoading = computed(() =>
    this.loads.slice(1).some((load) => load.loading()),
  );

  protected readonly directory = computed(() =>
    targetDirectory(
      this.contacts.value(),
      this.teams.value(),
      this.schedules.value(),
      this.channels.value(),
    ),
  );
  /** The default first, then by name. */
  protected readonly ordered = computed(() =>
    [...this.policies.value()].sort(
      (a, b) => Number(b.isDefault) - Number(a.isDefault) || byName(a, b),
    ),
  );

  /** "Ops, On call of Primary; channels: SMS" */
  protected reaches(level: EscalationLevel): string {
    const who = level.targets.map((target) => this.directory().nameOf(target));
    const parts = [...who];
    if (level.channelKinds.length > 0) {
      parts.push(`every ${channelKindsInWords(level.channelKinds)} channel`);
    }
    return parts.length > 0 ? listInWords(parts) : 'Nobody';
  }

  protected when(level: EscalationLevel): string {
    return level.delayMinutes === 0 ? 'At once' : `After ${minutesInWords(level.delayMinutes)}`;
  }

  protected reloadAll(): void {
    for (const load of this.loads) load.reload();
  }

  protected create(): void {
    this.openForm(null).subscribe((created) => {
      this.afterSave(created);
      this.snackBar.open(`Policy ${created.name} created.`, undefined, { duration: 4000 });
    });
  }

  protected edit(policy: EscalationPolicySummary): void {
    this.openForm(policy).subscribe((saved) => {
      this.afterSave(saved);
      this.snackBar.open(`Policy ${saved.name} saved.`, undefined, { duration: 4000 });
    });
  }

  protected remove(policy: EscalationPolicySummary): void {
    const data: ConfirmDialogData = {
      title: `Delete the escalation policy ${policy.name}?`,
      paragraphs: [
        'Services that follow it follow the organisation’s default policy instead; notifications escalating under it go on as planned.',
        'This cannot be undone.',
      ],
      confirmLabel: `Delete ${policy.name}`,
      danger: true,
      action: () => this.busy.track(this.api.deleteEscalationPolicy(policy.id)),
      errorFallback: 'The policy could not be deleted.',
      testId: 'policy-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        this.policies.update((list) => list.filter((p) => p.id !== policy.id));
        this.snackBar.open(`Policy ${policy.name} deleted.`, undefined, { duration: 4000 });
      });
  }

  /** A new default takes the flag from the old one. */
  private afterSave(saved: EscalationPolicySummary): void {
    this.policies.update((list) => [
      ...list
        .filter((p) => p.id !== saved.id)
        .map((p) => (saved.isDefault && p.isDefault ? { ...p, isDefault: false } : p)),
      saved,
    ]);
  }

  private openForm(policy: EscalationPolicySummary | null) {
    return this.dialog
      .open<EscalationDialog, EscalationDialogData, EscalationPolicySummary | undefined>(
        EscalationDialog,
        {
          autoFocus: 'input',
          width: '760px',
          maxWidth: '95vw',
          data: {
            policy,
            directory: this.directory(),
            create: (request) => this.busy.track(this.api.createEscalationPolicy(request)),
            update: (id, request) => this.busy.track(this.api.updateEscalationPolicy(id, request)),
          },
        },
      )
      .afterClosed()
      .pipe(filter((saved): saved is EscalationPolicySummary => saved !== undefined));
  }
}
