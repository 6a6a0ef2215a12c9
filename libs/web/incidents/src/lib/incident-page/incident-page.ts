import { DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type {
  IncidentAction,
  IncidentActionRequest,
  IncidentDetail,
  IncidentSettings,
  IncidentTimelineEntry,
} from '@hyperion/contracts';
import {
  DEFAULT_INCIDENT_MODULES,
  INCIDENT_ACTION_LABELS,
  INCIDENT_PERMISSIONS,
  INCIDENT_RULES,
} from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { SocketService } from '@hyperion/web/realtime';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { Observable, catchError, of, tap } from 'rxjs';

import { IncidentApi } from '../incident-api';
import { IncidentRecordsApi } from '../records-api';
import { IncidentSeverityChip, IncidentStatusChip } from '../shared/chips';
import { blobErrorMessage, saveBlob } from '../shared/download';
import { actorName, clockTime, incidentNumber, localTime, relativeTime } from '../shared/format';
import { peopleDirectory, serviceList } from '../shared/people';
import { IncidentSheetForm, SheetSubmission } from '../sheet/sheet-form';
import { sheetPatch } from '../sheet/sheet-model';
import { IncidentAttachments } from './attachments-panel';
import { ProblemLine } from './problem-line';
import { IncidentProgress } from './progress-panel';
import { IncidentRoles } from './roles-panel';
import { IncidentSheetView } from './sheet-view';
import { IncidentTimeline } from './timeline-panel';
import { WriteProblem, isIncidentDetail, writeProblem } from './write-problem';

/** A live change (or a write) asks for the incident and its timeline after this long. */
const RELOAD_DELAY_MS = 300;

/** What a move did, for the snack bar. */
const DONE: Readonly<Record<IncidentAction, string>> = {
  acknowledge: 'acknowledged',
  start: 'in progress',
  resolve: 'resolved',
  close: 'closed',
  reopen: 'reopened',
};

/**
 * One incident: its number, title, severity and status; the moves allowed from where it stands
 * (and only those); the sheet (read, or edited with the version read: a 409 says someone else
 * changed it and offers to reload); roles, phases, test checklist, linked alerts, screenshots,
 * the timeline with comments and notes; exports (Markdown, PDF) and the post-mortem. Live:
 * `incidents:changed` about it asks for it again.
 */
@Component({
  selector: 'hyp-incident-page',
  imports: [
    IncidentAttachments,
    IncidentProgress,
    IncidentRoles,
    IncidentSeverityChip,
    IncidentSheetForm,
    IncidentSheetView,
    IncidentStatusChip,
    IncidentTimeline,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ProblemLine,
    RouterLink,
  ],
  templateUrl: './incident-page.html',
  styleUrls: ['../shared/page.scss', './incident-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentPage {
  private readonly api = inject(IncidentApi);
  private readonly records = inject(IncidentRecordsApi);
  private readonly auth = inject(AuthService);
  private readonly socket = inject(SocketService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly document = inject(DOCUMENT);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** The route's `:id`. */
  readonly id = input.required<string>();

  /** The list's route (the layout's): the links back start from it. */
  protected readonly listRoute = inject(ActivatedRoute).parent;
  protected readonly canWrite = computed(() => this.auth.hasPermission(INCIDENT_PERMISSIONS.write));
  protected readonly connected = this.socket.connected;
  protected readonly lostSince = this.socket.lostSince;
  protected readonly actionLabels = INCIDENT_ACTION_LABELS;
  protected readonly number = incidentNumber;
  protected readonly localTime = localTime;
  protected readonly actorName = actorName;
  protected readonly rules = INCIDENT_RULES;
  protected readonly busy = busyFlag();
  protected readonly problem = signal<WriteProblem | null>(null);
  protected readonly exportError = signal<string | null>(null);
  protected readonly exporting = signal<'md' | 'pdf' | null>(null);
  protected readonly editing = signal<IncidentDetail | null>(null);
  protected readonly moveNote = signal('');
  protected readonly resolveAlerts = signal<boolean | null>(null);
  protected readonly now = signal(Date.now());
  /** When the incident shown was read (ms). */
  protected readonly readAt = signal<number | null>(null);

  protected readonly incident = loadResource<IncidentDetail | null>({
    load: () => this.api.get(this.id()).pipe(tap(() => this.readAt.set(Date.now()))),
    initial: null,
    errorMessage: 'The incident could not be loaded.',
  });
  protected readonly timeline = loadResource<IncidentTimelineEntry[]>({
    load: () => this.api.timeline(this.id()),
    initial: [],
    errorMessage: 'The timeline could not be loaded.',
  });
  protected readonly people = peopleDirectory({ forWriting: true });
  protected readonly services = serviceList();
  private readonly settings = loadResource<IncidentSettings | null>({
    load: () => this.records.settings().pipe(catchError(() => of(null))),
    initial: null,
    errorMessage: 'The settings could not be loaded.',
  });
  protected readonly modules = computed(
    () => this.settings.value()?.modules ?? [...DEFAULT_INCIDENT_MODULES],
  );
  /** The moves offered: those the API allows from the current status, with incidents:write. */
  protected readonly actions = computed(() =>
    this.canWrite() ? (this.incident.value()?.allowedActions ?? []) : [],
  );
  protected readonly resolveAlertsChecked = computed(
    () => this.resolveAlerts() ?? this.settings.value()?.resolveAlertsOnResolve ?? true,
  );
  protected readonly canPostmortem = computed(() => {
    const incident = this.incident.value();
    return (
      !!incident &&
      (incident.hasPostmortem || incident.status === 'resolved' || incident.status === 'closed')
    );
  });

  private shownId: string | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    // Another incident (a link from this one): its page.
    effect(() => {
      const id = this.id();
      untracked(() => {
        if (this.shownId !== null && this.shownId !== id) {
          this.problem.set(null);
          this.editing.set(null);
          this.reloadAll();
        }
        this.shownId = id;
      });
    });
    const clock = setInterval(() => this.now.set(Date.now()), 5_000);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(clock);
      if (this.reloadTimer !== null) clearTimeout(this.reloadTimer);
    });
    this.socket
      .on('incidents:changed')
      .pipe(takeUntilDestroyed())
      .subscribe(({ incident }) => {
        const shown = this.incident.value();
        if (incident.id === this.id() && (!shown || incident.version > shown.version)) {
          this.reloadSoon();
        }
      });
    // What happened while the socket was down was missed.
    this.socket.reconnected$.pipe(takeUntilDestroyed()).subscribe(() => this.reloadAll());
  }

  protected reloadAll(): void {
    this.problem.set(null);
    this.incident.reload();
    this.timeline.reload();
  }

  /** A write's answer: the incident as it now stands (shown at once), then everything again. */
  protected updated(answer: unknown): void {
    const shown = this.incident.value();
    if (shown && isIncidentDetail(answer, shown.id)) {
      const saved = answer as IncidentDetail;
      if (saved.version >= shown.version) {
        this.incident.set(saved);
        this.readAt.set(Date.now());
      }
    }
    this.reloadSoon();
  }

  protected act(action: IncidentAction): void {
    const shown = this.incident.value();
    if (!shown || this.busy.active()) return;
    const body: IncidentActionRequest = { version: shown.version };
    const note = this.moveNote().trim();
    if (note) body.note = note.slice(0, INCIDENT_RULES.commentMaxLength);
    if (action === 'resolve' && shown.alerts.length > 0)
      body.resolveAlerts = this.resolveAlertsChecked();
    this.problem.set(null);
    this.busy.track(this.api.act(shown.id, action, body)).subscribe({
      next: (saved) => {
        this.moveNote.set('');
        this.updated(saved);
        // The button pressed is gone (its move is done): the keyboard goes on from the next move.
        afterNextRender(
          () =>
            this.host.nativeElement
              .querySelector<HTMLElement>('[data-testid="incident-actions"] button')
              ?.focus(),
          { injector: this.injector },
        );
        this.snackBar.open(`Incident ${incidentNumber(shown.number)} ${DONE[action]}.`, undefined, {
          duration: 5000,
        });
      },
      error: (error: unknown) =>
        this.problem.set(
          writeProblem(
            error,
            `The incident could not be ${DONE[action].replace('in progress', 'started')}.`,
          ),
        ),
    });
  }

  protected edit(): void {
    this.editing.set(this.incident.value());
  }

  /** Saves the sheet's changed fields with the version the editor opened with. */
  protected readonly saveSheet = (submission: SheetSubmission): Observable<unknown> => {
    const base = this.editing();
    if (!base) return of(null);
    const patch = sheetPatch(base, submission.fields);
    if (!patch) {
      this.editing.set(null);
      return of(null);
    }
    return this.api.update(base.id, patch).pipe(
      tap((saved) => {
        this.editing.set(null);
        this.updated(saved);
        this.snackBar.open('Sheet saved.', undefined, { duration: 4000 });
      }),
    );
  };

  protected conflictReload(): void {
    this.editing.set(null);
    this.reloadAll();
  }

  protected download(kind: 'md' | 'pdf'): void {
    const shown = this.incident.value();
    if (!shown || this.exporting()) return;
    this.exporting.set(kind);
    this.exportError.set(null);
    const request =
      kind === 'md' ? this.api.exportMarkdown(shown.id) : this.api.exportPdf(shown.id);
    request.subscribe({
      next: (blob) => {
        this.exporting.set(null);
        saveBlob(this.document, blob, `incident-${String(shown.number).padStart(3, '0')}.${kind}`);
      },
      error: (error: unknown) => {
        void blobErrorMessage(
          error,
          `The ${kind === 'md' ? 'Markdown' : 'PDF'} export failed.`,
        ).then((message) => {
          this.exporting.set(null);
          this.exportError.set(message);
        });
      },
    });
  }

  protected staleSince(): string {
    const lost = this.lostSince();
    return lost ? clockTime(lost) : 'this page was opened';
  }

  protected readAgo(): string {
    const at = this.readAt();
    return at === null ? '' : relativeTime(new Date(at).toISOString(), this.now());
  }

  private reloadSoon(): void {
    if (this.reloadTimer !== null) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      this.incident.reload();
      this.timeline.reload();
    }, RELOAD_DELAY_MS);
  }
}
