import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  WritableSignal,
  computed,
  effect,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type {
  StatusPageComponent,
  StatusPageComponentRef,
  StatusPageDetail,
  StatusPageIncident,
  StatusPageIncidentStatus,
  StatusPageMaintenance,
  StatusPageSubscriberList,
} from '@hyperion/contracts';
import {
  INCIDENT_RULES,
  MONITOR_RULES,
  STATUS_PAGE_INCIDENT_STATUSES,
  STATUS_PAGE_INCIDENT_STATUS_LABELS,
  STATUS_PAGE_RULES,
  STATUS_PUBLIC_ROUTES,
} from '@hyperion/contracts';
import { ServiceApi } from '@hyperion/web/alerts';
import { IncidentApi } from '@hyperion/web/incidents';
import { ConfirmButton } from '@hyperion/web/ui';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { Observable, forkJoin, map } from 'rxjs';

import { MonitorApi } from '../monitor-api';
import { StatusPageApi } from '../status-page-api';
import { FieldProblems, fieldProblems } from './field-problems';

/** A group as the editor holds it until "Save layout". */
interface EditedGroup {
  name: string;
  components: StatusPageComponent[];
}

/** Something that can become a component: a monitor or an alerts service. */
interface Candidate extends StatusPageComponentRef {
  name: string;
}

const NO_PROBLEMS: FieldProblems = { fields: {}, general: null };

/** `list` with the item at `index` swapped with its neighbour `by` (-1 up, +1 down). */
function moved<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= list.length) return [...list];
  const copy = [...list];
  [copy[index], copy[target]] = [copy[target], copy[index]];
  return copy;
}

const refKey = (ref: StatusPageComponentRef) => `${ref.kind}:${ref.id}`;

/**
 * One status page (`/status-pages/:id`): its settings; its components as named, ordered groups
 * of monitors and alerts services; maintenance windows; public incident updates; subscribers.
 * Each part saves on its own, and a refusal of the API is shown next to the field it names.
 */
@Component({
  selector: 'hyp-status-page-editor',
  imports: [
    ConfirmButton,
    DatePipe,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './status-page-editor.html',
  styleUrl: './status-page-editor.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusPageEditor {
  private readonly api = inject(StatusPageApi);
  private readonly monitors = inject(MonitorApi);
  private readonly services = inject(ServiceApi);
  private readonly incidentApi = inject(IncidentApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly id = inject(ActivatedRoute).snapshot.paramMap.get('id') ?? '';

  protected readonly rules = STATUS_PAGE_RULES;
  protected readonly publicPath = STATUS_PUBLIC_ROUTES.page;
  protected readonly updateStatuses = STATUS_PAGE_INCIDENT_STATUSES;
  protected readonly statusLabels = STATUS_PAGE_INCIDENT_STATUS_LABELS;
  protected readonly busy = busyFlag();

  protected readonly page = loadResource<StatusPageDetail | null>({
    load: () => this.api.get(this.id),
    initial: null,
    errorMessage: 'The status page could not be loaded.',
  });
  protected readonly candidates = loadResource<Candidate[]>({
    load: () => this.loadCandidates(),
    initial: [],
    errorMessage: 'The monitors and services could not be loaded.',
  });
  protected readonly maintenance = loadResource<StatusPageMaintenance[]>({
    load: () => this.api.maintenance(this.id),
    initial: [],
    errorMessage: 'The maintenance windows could not be loaded.',
  });
  protected readonly published = loadResource<StatusPageIncident[]>({
    load: () => this.api.incidents(this.id),
    initial: [],
    errorMessage: 'The public incidents could not be loaded.',
  });
  protected readonly openIncidents = loadResource<{ id: string; title: string }[]>({
    load: () =>
      this.incidentApi
        .list({ status: 'open,acknowledged,in_progress', limit: INCIDENT_RULES.listLimitMax })
        .pipe(
          map((answer) =>
            answer.items.map(({ id, number, title }) => ({
              id,
              title: `#${String(number).padStart(3, '0')} ${title}`,
            })),
          ),
        ),
    initial: [],
    errorMessage: 'The open incidents could not be loaded.',
  });
  protected readonly subscribers = loadResource<StatusPageSubscriberList | null>({
    load: () => this.api.subscribers(this.id),
    initial: null,
    errorMessage: 'The subscribers could not be loaded.',
  });

  protected readonly settingsProblems = signal<FieldProblems>(NO_PROBLEMS);
  protected readonly layoutProblems = signal<FieldProblems>(NO_PROBLEMS);
  protected readonly maintenanceProblems = signal<FieldProblems>(NO_PROBLEMS);
  protected readonly updateProblems = signal<FieldProblems>(NO_PROBLEMS);
  protected readonly saved = signal<string | null>(null);

  protected readonly settings = this.fb.group({
    name: [
      '',
      [
        Validators.required,
        Validators.maxLength(STATUS_PAGE_RULES.nameMaxLength),
        Validators.pattern(STATUS_PAGE_RULES.namePattern),
      ],
    ],
    slug: ['', [Validators.required, Validators.pattern(STATUS_PAGE_RULES.slugPattern)]],
    description: ['', Validators.maxLength(STATUS_PAGE_RULES.descriptionMaxLength)],
    published: false,
    showPostmortems: false,
  });

  /** The layout being edited; reset from the page whenever the page is (re)loaded or saved. */
  protected readonly groups = signal<EditedGroup[]>([]);
  protected readonly newGroupName = this.fb.control('', Validators.required);
  /** Per group index, the `kind:id` picked in its "Add" select. */
  protected readonly picked = signal<Readonly<Partial<Record<number, string>>>>({});

  /** The page's components, for "affects" of a maintenance window. */
  protected readonly pageComponents = computed(() =>
    this.groups().flatMap((group) => group.components),
  );

  protected readonly maintenanceForm = this.fb.group({
    title: [
      '',
      [Validators.required, Validators.maxLength(STATUS_PAGE_RULES.maintenanceTitleMaxLength)],
    ],
    startsAt: ['', Validators.required],
    durationMinutes: [
      60,
      [
        Validators.required,
        Validators.min(1),
        Validators.max(STATUS_PAGE_RULES.durationMinutesMax),
      ],
    ],
    rrule: ['', Validators.maxLength(STATUS_PAGE_RULES.rruleMaxLength)],
    affects: this.fb.control<string[]>([]),
  });

  protected readonly updateForm = this.fb.group({
    incidentId: ['', Validators.required],
    status: this.fb.control<StatusPageIncidentStatus>('investigating'),
    message: [
      '',
      [Validators.required, Validators.maxLength(STATUS_PAGE_RULES.updateMessageMaxLength)],
    ],
  });

  constructor() {
    effect(() => {
      const page = this.page.value();
      if (!page) return;
      this.settings.reset({
        name: page.name,
        slug: page.slug,
        description: page.description,
        published: page.published,
        showPostmortems: page.showPostmortems,
      });
      this.groups.set(
        page.groups.map((group) => ({ name: group.name, components: [...group.components] })),
      );
    });
  }

  // --- settings -------------------------------------------------------------------------------

  protected saveSettings(): void {
    this.settingsProblems.set(NO_PROBLEMS);
    this.saved.set(null);
    if (this.settings.invalid) {
      this.settings.markAllAsTouched();
      return;
    }
    this.run(this.api.update(this.id, this.settings.getRawValue()), {
      fields: ['name', 'slug', 'description', 'published', 'showPostmortems'],
      problems: this.settingsProblems,
      fallback: 'The settings could not be saved.',
      done: (page) => {
        this.page.set(page);
        this.saved.set('Settings saved.');
      },
    });
  }

  // --- layout ---------------------------------------------------------------------------------

  protected addGroup(): void {
    const name = this.newGroupName.getRawValue().trim();
    if (!name) return;
    this.groups.update((groups) => [...groups, { name, components: [] }]);
    this.newGroupName.reset();
  }

  protected renameGroup(index: number, name: string): void {
    this.groups.update((groups) => groups.map((g, i) => (i === index ? { ...g, name } : g)));
  }

  protected moveGroup(index: number, by: -1 | 1): void {
    this.groups.update((groups) => moved(groups, index, by));
  }

  protected removeGroup(index: number): void {
    this.groups.update((groups) => groups.filter((_, i) => i !== index));
  }

  protected pick(index: number, key: string): void {
    this.picked.update((picked) => ({ ...picked, [index]: key }));
  }

  /** The monitors and services not on the page yet (a component appears once per page). */
  protected readonly available = computed(() => {
    const used = new Set(this.pageComponents().map(refKey));
    return this.candidates.value().filter((candidate) => !used.has(refKey(candidate)));
  });

  protected addComponent(index: number): void {
    const candidate = this.available().find((c) => refKey(c) === this.picked()[index]);
    if (!candidate) return;
    const added: StatusPageComponent = { ...candidate, displayName: null };
    this.groups.update((groups) =>
      groups.map((g, i) => (i === index ? { ...g, components: [...g.components, added] } : g)),
    );
    this.picked.update((picked) => ({ ...picked, [index]: '' }));
  }

  protected moveComponent(group: number, index: number, by: -1 | 1): void {
    this.groups.update((groups) =>
      groups.map((g, i) =>
        i === group ? { ...g, components: moved(g.components, index, by) } : g,
      ),
    );
  }

  protected removeComponent(group: number, index: number): void {
    this.groups.update((groups) =>
      groups.map((g, i) =>
        i === group ? { ...g, components: g.components.filter((_, c) => c !== index) } : g,
      ),
    );
  }

  protected saveLayout(): void {
    this.layoutProblems.set(NO_PROBLEMS);
    this.saved.set(null);
    const request = {
      groups: this.groups().map((group) => ({
        name: group.name,
        components: group.components.map(({ kind, id, displayName }) =>
          displayName ? { kind, id, displayName } : { kind, id },
        ),
      })),
    };
    this.run(this.api.replaceComponents(this.id, request), {
      fields: ['groups'],
      problems: this.layoutProblems,
      fallback: 'The layout could not be saved.',
      done: (page) => {
        this.page.set(page);
        this.saved.set('Layout saved.');
      },
    });
  }

  // --- maintenance ----------------------------------------------------------------------------

  protected addMaintenance(): void {
    this.maintenanceProblems.set(NO_PROBLEMS);
    if (this.maintenanceForm.invalid) {
      this.maintenanceForm.markAllAsTouched();
      return;
    }
    const form = this.maintenanceForm.getRawValue();
    const startsAt = new Date(form.startsAt);
    const affects = this.pageComponents()
      .filter((component) => form.affects.includes(refKey(component)))
      .map(({ kind, id }) => ({ kind, id }));
    const rrule = form.rrule.trim();
    this.run(
      this.api.createMaintenance(this.id, {
        title: form.title,
        // The browser's local time, as the person typed it, sent with its offset (as UTC).
        startsAt: Number.isNaN(startsAt.getTime()) ? form.startsAt : startsAt.toISOString(),
        durationMinutes: form.durationMinutes,
        ...(rrule ? { rrule } : {}),
        affects,
      }),
      {
        fields: ['title', 'startsAt', 'durationMinutes', 'rrule', 'affects'],
        problems: this.maintenanceProblems,
        fallback: 'The maintenance window could not be added.',
        done: (window) => {
          this.maintenance.update((windows) => [...windows, window]);
          this.maintenanceForm.reset();
        },
      },
    );
  }

  protected removeMaintenance(window: StatusPageMaintenance): void {
    this.run(this.api.deleteMaintenance(this.id, window.id), {
      fields: [],
      problems: this.maintenanceProblems,
      fallback: 'The maintenance window could not be deleted.',
      done: () => this.maintenance.update((windows) => windows.filter((w) => w.id !== window.id)),
    });
  }

  // --- public incident updates ----------------------------------------------------------------

  protected postUpdate(): void {
    this.updateProblems.set(NO_PROBLEMS);
    if (this.updateForm.invalid) {
      this.updateForm.markAllAsTouched();
      return;
    }
    const { incidentId, status, message } = this.updateForm.getRawValue();
    this.run(this.api.postIncidentUpdate(this.id, incidentId, { status, message }), {
      fields: ['status', 'message'],
      problems: this.updateProblems,
      fallback: 'The update could not be posted.',
      done: (incident) => {
        this.published.update((list) => [
          incident,
          ...list.filter((i) => i.incidentId !== incident.incidentId),
        ]);
        this.updateForm.controls.message.reset();
      },
    });
  }

  // --- subscribers ----------------------------------------------------------------------------

  protected removeSubscriber(subscriberId: string): void {
    this.run(this.api.removeSubscriber(this.id, subscriberId), {
      fields: [],
      problems: this.settingsProblems,
      fallback: 'The subscriber could not be removed.',
      done: () => this.subscribers.reload(),
    });
  }

  /** Sends a change, marks the page busy meanwhile, and sorts a refusal by field. */
  private run<T>(
    request: Observable<T>,
    options: {
      fields: readonly string[];
      problems: WritableSignal<FieldProblems>;
      fallback: string;
      done: (answer: T) => void;
    },
  ): void {
    this.busy
      .track(request)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: options.done,
        error: (error: unknown) =>
          options.problems.set(fieldProblems(error, options.fields, options.fallback)),
      });
  }

  /** Monitors first (by name), then alerts services. */
  private loadCandidates(): Observable<Candidate[]> {
    return forkJoin([
      this.monitors.list({ sort: 'name', limit: MONITOR_RULES.listLimitMax }),
      this.services.list(),
    ]).pipe(
      map(([monitors, services]) => [
        ...monitors.items.map(({ id, name }): Candidate => ({ kind: 'monitor', id, name })),
        ...services.map(({ id, name }): Candidate => ({ kind: 'service', id, name })),
      ]),
    );
  }
}
