import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { IncidentDetail, IncidentSettings } from '@hyperion/contracts';
import { DEFAULT_INCIDENT_MODULES, INCIDENT_CHECKLIST_LABELS } from '@hyperion/contracts';
import { apiErrorMessage, busyFlag, loadResource } from '@hyperion/web/util';
import { Observable, catchError, concatMap, from, map, of, switchMap, tap, toArray } from 'rxjs';

import { IncidentApi } from '../incident-api';
import { IncidentRecordsApi } from '../records-api';
import { uploadErrorMessage } from '../shared/download';
import { incidentNumber } from '../shared/format';
import { peopleDirectory, serviceList } from '../shared/people';
import { IncidentSheetForm, SheetSubmission } from '../sheet/sheet-form';
import { createRequest } from '../sheet/sheet-model';

/** Something done after the incident was created that failed (a screenshot, a tick). */
interface Leftover {
  readonly what: string;
  readonly message: string;
  readonly retry: () => Observable<unknown>;
}

/**
 * A new incident: the anomaly sheet, then (once created) its screenshots uploaded one by one and
 * the checklist items ticked. Then the incident's page; if a screenshot or a tick was refused, the
 * page says which and why first, with "Try again".
 */
@Component({
  selector: 'hyp-new-incident-page',
  imports: [IncidentSheetForm, MatButtonModule, MatProgressBarModule, RouterLink],
  template: `
    <section class="toolbar-row">
      <div>
        <h2 class="section-title">New incident</h2>
        <p class="lead">The anomaly sheet: fill in what you know now, the rest as you learn it.</p>
      </div>
    </section>
    @if (settings.error(); as error) {
      <p class="error error-row" role="alert">
        <span>{{ error }} The document's modules are offered meanwhile.</span>
        <button matButton type="button" (click)="settings.reload()">Retry</button>
      </p>
    }
    @if (created(); as incident) {
      <section class="panel" aria-labelledby="created-title" data-testid="new-leftovers">
        <h3 class="panel-title" id="created-title">
          Incident {{ number(incident.number) }} was created — but not everything went through
        </h3>
        <ul class="leftovers" role="alert">
          @for (leftover of leftovers(); track $index) {
            <li [attr.data-testid]="'leftover-' + $index">
              <strong>{{ leftover.what }}:</strong> {{ leftover.message }}
              <button
                matButton
                type="button"
                [disabled]="busy.active()"
                [attr.aria-label]="'Try ' + leftover.what + ' again'"
                (click)="retry($index)"
              >
                Try again
              </button>
            </li>
          }
        </ul>
        <div>
          <a matButton="filled" [routerLink]="['..', incident.id]" [relativeTo]="route">
            Open incident {{ number(incident.number) }}
          </a>
        </div>
      </section>
    } @else {
      <hyp-incident-sheet-form
        submitLabel="Create the incident"
        [modules]="modules()"
        [services]="services.value()"
        [people]="people.options()"
        [save]="save"
        (cancelled)="back()"
      />
    }
  `,
  styleUrls: ['../shared/page.scss'],
  styles: `
    .leftovers {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin: 0;
      padding-left: 20px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewIncidentPage {
  private readonly api = inject(IncidentApi);
  private readonly records = inject(IncidentRecordsApi);
  private readonly router = inject(Router);
  protected readonly route = inject(ActivatedRoute);

  protected readonly number = incidentNumber;
  protected readonly busy = busyFlag();
  protected readonly people = peopleDirectory();
  protected readonly services = serviceList();
  protected readonly settings = loadResource<IncidentSettings | null>({
    load: () => this.records.settings(),
    initial: null,
    errorMessage: 'The organisation’s module list could not be loaded.',
  });
  protected readonly modules = computed(
    () => this.settings.value()?.modules ?? [...DEFAULT_INCIDENT_MODULES],
  );
  protected readonly created = signal<IncidentDetail | null>(null);
  protected readonly leftovers = signal<readonly Leftover[]>([]);

  /** Creates the incident, then ticks and uploads; the sheet shows a refused creation. */
  protected readonly save = (submission: SheetSubmission): Observable<unknown> =>
    this.api.create(createRequest(submission.fields)).pipe(
      switchMap((incident) =>
        this.finish(incident, submission).pipe(map((leftovers) => ({ incident, leftovers }))),
      ),
      tap(({ incident, leftovers }) => {
        if (leftovers.length === 0) {
          this.open(incident);
          return;
        }
        this.created.set(incident);
        this.leftovers.set(leftovers);
      }),
    );

  protected back(): void {
    void this.router.navigate(['..'], { relativeTo: this.route });
  }

  protected retry(index: number): void {
    const leftover = this.leftovers()[index];
    if (!leftover) return;
    this.busy.track(leftover.retry()).subscribe({
      next: () => {
        this.leftovers.update((list) => list.filter((item) => item !== leftover));
        const incident = this.created();
        if (this.leftovers().length === 0 && incident) this.open(incident);
      },
      error: (error: unknown) =>
        this.leftovers.update((list) =>
          list.map((item) =>
            item === leftover
              ? { ...item, message: uploadErrorMessage(error, 'It failed again.') }
              : item,
          ),
        ),
    });
  }

  private open(incident: IncidentDetail): void {
    void this.router.navigate(['..', incident.id], { relativeTo: this.route });
  }

  /** The ticks, then the screenshots, one at a time; what failed, with a way to try again. */
  private finish(incident: IncidentDetail, submission: SheetSubmission): Observable<Leftover[]> {
    const tasks: { what: string; run: () => Observable<unknown>; fallback: string }[] = [
      ...submission.checklist.map((item) => ({
        what: `Ticking “${INCIDENT_CHECKLIST_LABELS[item]}”`,
        run: () => this.api.checklist(incident.id, item, true),
        fallback: 'The tick could not be saved.',
      })),
      ...submission.screenshots.map((file) => ({
        what: `Screenshot ${file.name}`,
        run: () => this.api.upload(incident.id, file),
        fallback: 'The screenshot could not be sent.',
      })),
    ];
    if (tasks.length === 0) return of([]);
    return from(tasks).pipe(
      concatMap((task) =>
        task.run().pipe(
          map(() => null),
          catchError((error: unknown) =>
            of<Leftover>({
              what: task.what,
              message: task.fallback.startsWith('The screenshot')
                ? uploadErrorMessage(error, task.fallback)
                : apiErrorMessage(error, task.fallback),
              retry: task.run,
            }),
          ),
        ),
      ),
      toArray(),
      map((results) => results.filter((result): result is Leftover => result !== null)),
    );
  }
}
