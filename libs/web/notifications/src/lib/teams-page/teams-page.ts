import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { ContactSummary, TeamSummary } from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { filter } from 'rxjs';

import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { OnCallApi } from '../on-call-api';
import { ZonedTimePipe } from '../time/zoned-time.pipe';
import { TeamDialog, TeamDialogData } from './team-dialog';

/**
 * Teams: groups of contacts in a chosen order (who is asked first). With notifications:write:
 * new team, edit (name, description, members in order), delete after a confirmation.
 */
@Component({
  selector: 'hyp-teams-page',
  imports: [MatButtonModule, MatProgressBarModule, MatTableModule, ZonedTimePipe],
  templateUrl: './teams-page.html',
  styleUrl: '../page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamsPage {
  private readonly api = inject(OnCallApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  protected readonly canWrite = computed(() =>
    this.auth.hasPermission(NOTIFICATION_CHANNEL_PERMISSIONS.write),
  );
  protected readonly columns = computed(() => [
    'name',
    'members',
    'updatedAt',
    ...(this.canWrite() ? ['actions'] : []),
  ]);
  protected readonly teams = loadResource<TeamSummary[]>({
    load: () => this.api.teams(),
    initial: [],
    errorMessage: 'The teams could not be loaded.',
  });
  protected readonly contacts = loadResource<ContactSummary[]>({
    load: () => this.api.contacts(),
    initial: [],
    errorMessage: 'The contacts could not be loaded (the members show without their names).',
  });
  protected readonly busy = busyFlag();

  private readonly names = computed(
    () => new Map(this.contacts.value().map((contact) => [contact.id, contact.name])),
  );

  /** The members' names in order ("Unknown contact" for one deleted meanwhile). */
  protected memberNames(team: TeamSummary): string[] {
    return team.memberIds.map((id) => this.names().get(id) ?? 'Unknown contact');
  }

  protected create(): void {
    this.openForm(null).subscribe((created) => {
      this.teams.update((list) => [...list, created].sort((a, b) => a.name.localeCompare(b.name)));
      this.snackBar.open(`Team ${created.name} created.`, undefined, { duration: 4000 });
    });
  }

  protected edit(team: TeamSummary): void {
    this.openForm(team).subscribe((saved) => {
      this.teams.update((list) => list.map((t) => (t.id === saved.id ? saved : t)));
      this.snackBar.open(`Team ${saved.name} saved.`, undefined, { duration: 4000 });
    });
  }

  protected remove(team: TeamSummary): void {
    const data: ConfirmDialogData = {
      title: `Delete the team ${team.name}?`,
      paragraphs: [
        `${team.name} goes; its ${team.memberIds.length === 1 ? 'member stays a contact' : `${team.memberIds.length} members stay contacts`}, in the schedules they are in.`,
        'This cannot be undone.',
      ],
      confirmLabel: `Delete ${team.name}`,
      danger: true,
      action: () => this.busy.track(this.api.deleteTeam(team.id)),
      errorFallback: 'The team could not be deleted.',
      testId: 'team-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        this.teams.update((list) => list.filter((t) => t.id !== team.id));
        this.snackBar.open(`Team ${team.name} deleted.`, undefined, { duration: 4000 });
      });
  }

  private openForm(team: TeamSummary | null) {
    return this.dialog
      .open<TeamDialog, TeamDialogData, TeamSummary | undefined>(TeamDialog, {
        autoFocus: 'input',
        width: '560px',
        maxWidth: '95vw',
        data: {
          team,
          people: this.contacts.value().map((c) => ({ id: c.id, name: c.name })),
          create: (request) => this.busy.track(this.api.createTeam(request)),
          update: (id, request) => this.busy.track(this.api.updateTeam(id, request)),
        },
      })
      .afterClosed()
      .pipe(filter((saved): saved is TeamSummary => saved !== undefined));
  }
}
