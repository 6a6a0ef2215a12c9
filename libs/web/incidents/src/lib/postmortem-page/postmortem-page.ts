import { DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
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
import {
  FormArray,
  FormControl,
  FormGroup,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type {
  ActionItemSummary,
  IncidentDetail,
  PostmortemDetail,
  PostmortemStatus,
  PostmortemTimelineLine,
  SavePostmortemRequest,
} from '@hyperion/contracts';
import { INCIDENT_PERMISSIONS, INCIDENT_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag, loadResource } from '@hyperion/web/util';

import { IncidentApi } from '../incident-api';
import { ProblemLine } from '../incident-page/problem-line';
import { WriteProblem, writeProblem } from '../incident-page/write-problem';
import { IncidentRecordsApi } from '../records-api';
import { blobErrorMessage, saveBlob } from '../shared/download';
import { fromLocalInput, incidentNumber, localTime, toLocalInput } from '../shared/format';
import { peopleDirectory } from '../shared/people';
import { localDateTime } from '../sheet/sheet-model';
import { ActionItemsEditor } from './action-items-editor';

type LineGroup = FormGroup<{ at: FormControl<string>; text: FormControl<string> }>;

const TEXT = [Validators.maxLength(INCIDENT_RULES.postmortemTextMaxLength)];

function lineGroup(line?: PostmortemTimelineLine): LineGroup {
  return new FormGroup({
    at: new FormControl(toLocalInput(line?.at ?? new Date().toISOString()), {
      nonNullable: true,
      validators: [Validators.required, localDateTime],
    }),
    text: new FormControl(line?.text ?? '', {
      nonNullable: true,
      validators: [
        Validators.required,
        Validators.maxLength(INCIDENT_RULES.postmortemTextMaxLength),
      ],
    }),
  });
}

/**
 * The post-mortem of a resolved (or closed) incident: summary, root cause, impact, the timeline
 * (pre-filled from the incident's, editable line by line), what went well and badly, draft or
 * published; saved with the version read (a 409 says someone else saved meanwhile and offers to
 * reload); its action items; exported as Markdown.
 */
@Component({
  selector: 'hyp-postmortem-page',
  imports: [
    ActionItemsEditor,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    ProblemLine,
    ReactiveFormsModule,
    RouterLink,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './postmortem-page.html',
  styleUrls: ['../shared/page.scss', './postmortem-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PostmortemPage {
  private readonly api = inject(IncidentApi);
  private readonly records = inject(IncidentRecordsApi);
  private readonly auth = inject(AuthService);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly snackBar = inject(MatSnackBar);
  private readonly document = inject(DOCUMENT);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** The route's `:id` (the incident's). */
  readonly id = input.required<string>();

  protected readonly listRoute = inject(ActivatedRoute).parent;
  protected readonly canWrite = computed(() => this.auth.hasPermission(INCIDENT_PERMISSIONS.write));
  protected readonly number = incidentNumber;
  protected readonly localTime = localTime;
  protected readonly rules = INCIDENT_RULES;
  protected readonly busy = busyFlag();
  protected readonly problem = signal<WriteProblem | null>(null);
  protected readonly exportError = signal<string | null>(null);
  protected readonly exporting = signal(false);
  /** The version the form was filled from (0: a draft never saved). */
  protected readonly version = signal<number | null>(null);

  protected readonly people = peopleDirectory({ forWriting: true });
  protected readonly incident = loadResource<IncidentDetail | null>({
    load: () => this.api.get(this.id()),
    initial: null,
    errorMessage: 'The incident could not be loaded.',
  });
  protected readonly postmortem = loadResource<PostmortemDetail | null>({
    load: () => this.records.postmortem(this.id()),
    initial: null,
    errorMessage: 'The post-mortem could not be loaded.',
  });
  /** A post-mortem is written once the incident is resolved. */
  protected readonly open = computed(() => {
    const incident = this.incident.value();
    return (
      !!incident &&
      (incident.status === 'resolved' || incident.status === 'closed' || incident.hasPostmortem)
    );
  });

  protected readonly form = this.fb.group({
    summary: ['', TEXT],
    rootCause: ['', TEXT],
    impact: ['', TEXT],
    timeline: new FormArray<LineGroup>([]),
    wentWell: ['', TEXT],
    wentBadly: ['', TEXT],
    status: ['draft' as PostmortemStatus],
  });
  protected readonly lines = this.form.controls.timeline;

  constructor() {
    // The post-mortem read (or saved): into the form, unless someone is typing in it.
    effect(() => {
      const postmortem = this.postmortem.value();
      untracked(() => {
        if (postmortem && (!this.form.dirty || this.version() === null)) this.fill(postmortem);
      });
    });
  }

  protected addLine(): void {
    this.lines.push(lineGroup());
    this.form.markAsDirty();
    this.focus(`pm-line-text-${this.lines.length - 1}`);
  }

  protected removeLine(index: number): void {
    this.lines.removeAt(index);
    this.form.markAsDirty();
    this.focus('pm-line-add');
  }

  protected save(): void {
    const version = this.version();
    if (this.form.invalid || version === null || this.busy.active()) {
      this.form.markAllAsTouched();
      return;
    }
    const raw = this.form.getRawValue();
    const request: SavePostmortemRequest = {
      summary: raw.summary.trim(),
      rootCause: raw.rootCause.trim(),
      impact: raw.impact.trim(),
      timeline: raw.timeline.map((line) => ({
        at: fromLocalInput(line.at) ?? new Date().toISOString(),
        text: line.text.trim(),
      })),
      wentWell: raw.wentWell.trim(),
      wentBadly: raw.wentBadly.trim(),
      status: raw.status,
      version,
    };
    // Lines not touched keep their exact instant (the field drops milliseconds).
    const before = this.postmortem.value()?.timeline ?? [];
    request.timeline = request.timeline.map((line, i) => {
      const old = before.find((entry) => toLocalInput(entry.at) === raw.timeline[i].at);
      return old ? { ...line, at: old.at } : line;
    });
    this.problem.set(null);
    this.busy.track(this.records.savePostmortem(this.id(), request)).subscribe({
      next: (saved) => {
        this.form.markAsPristine();
        this.postmortem.set(saved);
        this.fill(saved);
        this.snackBar.open(
          saved.status === 'published' ? 'Post-mortem published.' : 'Post-mortem draft saved.',
          undefined,
          { duration: 4000 },
        );
      },
      error: (error: unknown) =>
        this.problem.set(writeProblem(error, 'The post-mortem could not be saved.')),
    });
  }

  protected itemsChanged(items: ActionItemSummary[]): void {
    this.postmortem.update((postmortem) =>
      postmortem ? { ...postmortem, actionItems: items } : postmortem,
    );
  }

  protected reload(): void {
    this.problem.set(null);
    this.form.markAsPristine();
    this.version.set(null);
    this.postmortem.reload();
    this.incident.reload();
  }

  protected download(): void {
    const incident = this.incident.value();
    if (!incident || this.exporting()) return;
    this.exporting.set(true);
    this.exportError.set(null);
    this.records.postmortemMarkdown(incident.id).subscribe({
      next: (blob) => {
        this.exporting.set(false);
        saveBlob(this.document, blob, `postmortem-${String(incident.number).padStart(3, '0')}.md`);
      },
      error: (error: unknown) =>
        void blobErrorMessage(error, 'The Markdown export failed.').then((message) => {
          this.exporting.set(false);
          this.exportError.set(message);
        }),
    });
  }

  private fill(postmortem: PostmortemDetail): void {
    this.lines.clear();
    for (const line of postmortem.timeline) this.lines.push(lineGroup(line));
    this.form.patchValue({
      summary: postmortem.summary,
      rootCause: postmortem.rootCause,
      impact: postmortem.impact,
      wentWell: postmortem.wentWell,
      wentBadly: postmortem.wentBadly,
      status: postmortem.status,
    });
    this.form.markAsPristine();
    this.version.set(postmortem.version);
    if (!this.canWrite()) this.form.disable();
  }

  private focus(testId: string): void {
    afterNextRender(
      () =>
        this.host.nativeElement.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus(),
      { injector: this.injector },
    );
  }
}
