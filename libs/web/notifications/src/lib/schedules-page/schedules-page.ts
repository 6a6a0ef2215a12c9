import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { ContactSummary, ScheduleOverride, ScheduleSummary } from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { Observable, filter } from 'rxjs';

import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { OnCallApi } from '../on-call-api';
import { IcalLink } from '../on-call/ical-link';
import { PickablePerson } from '../on-call/member-picker';
import { formatZonedMoment } from '../time/zone-math';
import { OnCallNowPanel } from './on-call-now';
import { OverrideDialog, OverrideDialogData } from './override-dialog';
import { ScheduleCalendar } from './schedule-calendar';
import { ScheduleDialog, ScheduleDialogData } from './schedule-dialog';

/** Which part of a schedule's card is open. */
type Panel = 'calendar' | 'overrides';

/**
 * The on-call schedules: each with who is on call now in large type (refreshed every 30 s, with
 * how fresh that is), its layers in words, a calendar of the next weeks and its overrides. With
 * notifications:write: new schedule, edit, delete, add / remove an override, a new calendar link.
 */
@Component({
  selector: 'hyp-schedules-page',
  imports: [IcalLink, MatButtonModule, MatProgressBarModule, OnCallNowPanel, ScheduleCalendar],
  templateUrl: './schedules-page.html',
  styleUrls: ['../page.scss', './schedules-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SchedulesPage {
  private readonly api = inject(OnCallApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  protected readonly canWrite = computed(() =>
    this.auth.hasPermission(NOTIFICATION_CHANNEL_PERMISSIONS.write),
  );
  protected readonly schedules = loadResource<ScheduleSummary[]>({
    load: () => this.api.schedules(),
    initial: [],
    errorMessage: 'The schedules could not be loaded.',
  });
  protected readonly contacts = loadResource<ContactSummary[]>({
    load: () => this.api.contacts(),
    initial: [],
    errorMessage: 'The contacts could not be loaded (names may be missing).',
  });
  protected readonly busy = busyFlag();
  /** The open panel of each schedule (by id). */
  private readonly open = signal<ReadonlyMap<string, Panel>>(new Map());

  private readonly people = computed<PickablePerson[]>(() =>
    this.contacts.value().map((contact) => ({ id: contact.id, name: contact.name })),
  );
  private readonly names = computed(
    () => new Map(this.contacts.value().map((contact) => [contact.id, contact.name])),
  );

  protected isOpen(schedule: ScheduleSummary, panel: Panel): boolean {
    return this.open().get(schedule.id) === panel;
  }

  protected toggle(schedule: ScheduleSummary, panel: Panel): void {
    this.open.update((open) => {
      const next = new Map(open);
      if (next.get(schedule.id) === panel) next.delete(schedule.id);
      else next.set(schedule.id, panel);
      return next;
    });
  }

  protected nameOf(contactId: string): string {
    return this.names().get(contactId) ?? 'Unknown contact';
  }

  /** "Weekly, hand-off 09:00: Alice, Bob" */
  protected layerText(layer: ScheduleSummary['layers'][number]): string {
    const rotation =
      layer.rotation === 'custom'
        ? `Every ${layer.turnHours} h`
        : layer.rotation === 'daily'
          ? 'Daily'
          : 'Weekly';
    const members = layer.memberIds.map((id) => this.nameOf(id)).join(', ');
    return `${rotation}, hand-off ${layer.handoffTime}: ${members}`;
  }

  protected moment(iso: string, schedule: ScheduleSummary): string {
    return formatZonedMoment(iso, schedule.timeZone);
  }

  protected ended(override: ScheduleOverride): boolean {
    return Date.parse(override.end) <= Date.now();
  }

  protected rotateIcal(schedule: ScheduleSummary): () => Observable<ScheduleSummary> {
    return () => this.api.rotateScheduleIcal(schedule.id);
  }

  protected reload(): void {
    this.schedules.reload();
    this.contacts.reload();
  }

  protected create(): void {
    this.openForm(null).subscribe((created) => {
      this.schedules.update((list) =>
        [...list, created].sort((a, b) => a.name.localeCompare(b.name)),
      );
      this.snackBar.open(`Schedule ${created.name} created.`, undefined, { duration: 4000 });
    });
  }

  protected edit(schedule: ScheduleSummary): void {
    this.openForm(schedule).subscribe((saved) => {
      this.replace(saved);
      this.snackBar.open(`Schedule ${saved.name} saved.`, undefined, { duration: 4000 });
    });
  }

  protected replace(saved: ScheduleSummary): void {
    this.schedules.update((list) => list.map((s) => (s.id === saved.id ? saved : s)));
  }

  protected remove(schedule: ScheduleSummary): void {
    const data: ConfirmDialogData = {
      title: `Delete the schedule ${schedule.name}?`,
      paragraphs: [
        `Nobody is on call for ${schedule.name} any more: what pages it reaches no one.`,
        'Its layers, overrides and calendar link go with it; this cannot be undone.',
      ],
      confirmLabel: `Delete ${schedule.name}`,
      danger: true,
      action: () => this.busy.track(this.api.deleteSchedule(schedule.id)),
      errorFallback: 'The schedule could not be deleted.',
      testId: 'schedule-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        this.schedules.update((list) => list.filter((s) => s.id !== schedule.id));
        this.snackBar.open(`Schedule ${schedule.name} deleted.`, undefined, { duration: 4000 });
      });
  }

  protected addOverride(schedule: ScheduleSummary): void {
    this.dialog
      .open<OverrideDialog, OverrideDialogData, ScheduleOverride | undefined>(OverrideDialog, {
        autoFocus: 'mat-select',
        width: '560px',
        maxWidth: '95vw',
        data: {
          schedule,
          people: this.people(),
          create: (request) => this.busy.track(this.api.createOverride(schedule.id, request)),
        },
      })
      .afterClosed()
      .pipe(filter((saved): saved is ScheduleOverride => saved !== undefined))
      .subscribe((override) => {
        this.withOverrides(schedule.id, (list) =>
          [...list, override].sort((a, b) => a.start.localeCompare(b.start)),
        );
        this.snackBar.open(
          `${this.nameOf(override.contactId)} covers ${schedule.name} from ${this.moment(override.start, schedule)}.`,
          undefined,
          { duration: 5000 },
        );
      });
  }

  protected removeOverride(schedule: ScheduleSummary, override: ScheduleOverride): void {
    const who = this.nameOf(override.contactId);
    const data: ConfirmDialogData = {
      title: `Remove ${who}'s override?`,
      paragraphs: [
        `From ${this.moment(override.start, schedule)} to ${this.moment(override.end, schedule)}, the rotation decides who is on call again.`,
      ],
      confirmLabel: 'Remove the override',
      danger: true,
      action: () => this.busy.track(this.api.deleteOverride(schedule.id, override.id)),
      errorFallback: 'The override could not be removed.',
      testId: 'override-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        this.withOverrides(schedule.id, (list) => list.filter((o) => o.id !== override.id));
        this.snackBar.open(`${who}'s override removed.`, undefined, { duration: 4000 });
      });
  }

  /** The schedule with its overrides changed: a new object, so its "on call now" asks again. */
  private withOverrides(
    scheduleId: string,
    change: (list: ScheduleOverride[]) => ScheduleOverride[],
  ): void {
    this.schedules.update((list) =>
      list.map((s) => (s.id === scheduleId ? { ...s, overrides: change(s.overrides) } : s)),
    );
  }

  private openForm(schedule: ScheduleSummary | null) {
    return this.dialog
      .open<ScheduleDialog, ScheduleDialogData, ScheduleSummary | undefined>(ScheduleDialog, {
        autoFocus: 'input',
        width: '880px',
        maxWidth: '95vw',
        data: {
          schedule,
          people: this.people(),
          create: (request) => this.busy.track(this.api.createSchedule(request)),
          update: (id, request) => this.busy.track(this.api.updateSchedule(id, request)),
        },
      })
      .afterClosed()
      .pipe(filter((saved): saved is ScheduleSummary => saved !== undefined));
  }
}
