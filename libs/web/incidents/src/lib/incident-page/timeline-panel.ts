import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import {
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { IncidentTimelineEntry } from '@hyperion/contracts';
import { INCIDENT_RULES } from '@hyperion/contracts';
import { errorsAfterSubmit } from '@hyperion/web/ui';
import { LoadedResource, apiErrorMessage, busyFlag } from '@hyperion/web/util';

import { IncidentApi } from '../incident-api';
import { actorName, fromLocalInput, localTime } from '../shared/format';

/** Entries in the order they happened (ties: the order the API gave). */
export function inOrder(entries: readonly IncidentTimelineEntry[]): IncidentTimelineEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry);
}

/**
 * Everything that happened to the incident, in order, each with its actor: changes, moves,
 * linked alerts, notifications (written by Hyperion) and the team's comments and notes. Entries
 * can be pinned; comments and notes (a note can be placed at an earlier time) are added here.
 */
@Component({
  selector: 'hyp-incident-timeline',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './timeline-panel.html',
  styleUrls: ['../shared/panel.scss', './timeline-panel.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentTimeline {
  private readonly api = inject(IncidentApi);
  private readonly fb = inject(NonNullableFormBuilder);

  readonly incidentId = input.required<string>();
  readonly timeline = input.required<LoadedResource<IncidentTimelineEntry[]>>();
  readonly canWrite = input(false);

  protected readonly rules = INCIDENT_RULES;
  protected readonly actorName = actorName;
  protected readonly localTime = localTime;
  protected readonly busy = busyFlag();
  protected readonly pinnedOnly = signal(false);
  protected readonly commentError = signal<string | null>(null);
  protected readonly noteError = signal<string | null>(null);
  protected readonly pinError = signal<string | null>(null);

  protected readonly entries = computed(() => {
    const all = inOrder(this.timeline().value());
    return this.pinnedOnly() ? all.filter((entry) => entry.pinned) : all;
  });
  protected readonly pinnedCount = computed(
    () =>
      this.timeline()
        .value()
        .filter((entry) => entry.pinned).length,
  );

  protected readonly commentForm = this.fb.group({
    body: ['', [Validators.required, Validators.maxLength(INCIDENT_RULES.commentMaxLength)]],
  });
  protected readonly noteForm = this.fb.group({
    body: ['', [Validators.required, Validators.maxLength(INCIDENT_RULES.commentMaxLength)]],
    at: [''],
  });

  protected comment(form: FormGroupDirective): void {
    if (this.commentForm.invalid || this.busy.active()) return;
    this.commentError.set(null);
    const body = this.commentForm.getRawValue().body.trim();
    this.busy.track(this.api.comment(this.incidentId(), body)).subscribe({
      next: (entry) => {
        this.add(entry);
        form.resetForm();
      },
      error: (error: unknown) =>
        this.commentError.set(apiErrorMessage(error, 'The comment could not be added.')),
    });
  }

  protected note(form: FormGroupDirective): void {
    if (this.noteForm.invalid || this.busy.active()) return;
    this.noteError.set(null);
    const { body, at } = this.noteForm.getRawValue();
    const when = fromLocalInput(at);
    this.busy
      .track(
        this.api.note(
          this.incidentId(),
          when ? { body: body.trim(), at: when } : { body: body.trim() },
        ),
      )
      .subscribe({
        next: (entry) => {
          this.add(entry);
          form.resetForm();
        },
        error: (error: unknown) =>
          this.noteError.set(apiErrorMessage(error, 'The note could not be added.')),
      });
  }

  protected pin(entry: IncidentTimelineEntry): void {
    this.pinError.set(null);
    this.busy.track(this.api.pin(this.incidentId(), entry.id, !entry.pinned)).subscribe({
      next: (saved) =>
        this.timeline().update((list) =>
          list.map((item) =>
            item.id === entry.id ? { ...item, pinned: saved?.pinned ?? !entry.pinned } : item,
          ),
        ),
      error: (error: unknown) =>
        this.pinError.set(
          apiErrorMessage(error, `The entry could not be ${entry.pinned ? 'unpinned' : 'pinned'}.`),
        ),
    });
  }

  private add(entry: IncidentTimelineEntry | null): void {
    if (entry && typeof entry === 'object' && 'id' in entry) {
      this.timeline().update((list) =>
        list.some((item) => item.id === entry.id) ? list : [...list, entry],
      );
    } else {
      this.timeline().reload();
    }
  }
}
