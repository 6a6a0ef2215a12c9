import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type {
  IncidentSettings,
  IncidentSeverity,
  IncidentSort,
  IncidentStatus,
  IncidentSummary,
} from '@hyperion/contracts';
import {
  DEFAULT_INCIDENT_MODULES,
  INCIDENT_PERMISSIONS,
  INCIDENT_SEVERITIES,
  INCIDENT_SORTS,
  INCIDENT_STATUSES,
} from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { SocketService } from '@hyperion/web/realtime';
import { apiErrorMessage, loadResource } from '@hyperion/web/util';
import { Subject, Subscription, catchError, debounceTime, interval, map, of } from 'rxjs';

import { IncidentApi } from '../incident-api';
import { IncidentRecordsApi } from '../records-api';
import { IncidentSeverityChip, IncidentStatusChip } from '../shared/chips';
import {
  SORT_LABELS,
  incidentNumber,
  localTime,
  personName,
  relativeTime,
  severityText,
  statusText,
} from '../shared/format';
import { peopleDirectory, serviceList } from '../shared/people';
import {
  INCIDENTS_PAGE_SIZE,
  IncidentFilters,
  IncidentListState,
  NO_LIST_YET,
  appendPage,
  applyIncidentChange,
  filtersFromParams,
  filtersToParams,
  isFiltered,
  listFreshness,
  listQuery,
  matchesFilters,
  rangeProblem,
} from './incident-list';

/** Typing in the search box asks the API once the typing pauses this long. */
const SEARCH_DEBOUNCE_MS = 400;

/**
 * The incidents, for whoever is on call at 3 a.m.: newest first (or oldest, most severe, last
 * changed), filtered by status, severity, module, service, assignee, words and dates (all in the
 * URL), 50 at a time with "Load more". Severity in words with the sheet's label. Live:
 * `incidents:changed` updates rows in place and puts new ones on top; "Live" only while the
 * socket is connected, else since when the list may be out of date.
 */
@Component({
  selector: 'hyp-incidents-page',
  imports: [
    IncidentSeverityChip,
    IncidentStatusChip,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    RouterLink,
  ],
  templateUrl: './incidents-page.html',
  styleUrls: ['../shared/page.scss', './incidents-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentsPage {
  private readonly api = inject(IncidentApi);
  private readonly records = inject(IncidentRecordsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly socket = inject(SocketService);
  private readonly auth = inject(AuthService);

  protected readonly canWrite = computed(() => this.auth.hasPermission(INCIDENT_PERMISSIONS.write));
  protected readonly columns = ['number', 'severity', 'incident', 'status', 'assignee', 'reported'];
  protected readonly statuses = INCIDENT_STATUSES;
  protected readonly severities = INCIDENT_SEVERITIES;
  protected readonly sorts = INCIDENT_SORTS;
  protected readonly sortLabels = SORT_LABELS;
  protected readonly severityText = severityText;
  protected readonly statusText = statusText;
  protected readonly incidentNumber = incidentNumber;
  protected readonly personName = personName;
  protected readonly localTime = localTime;
  protected readonly pageSize = INCIDENTS_PAGE_SIZE;

  protected readonly filters = toSignal(
    this.route.queryParamMap.pipe(map((params) => filtersFromParams((name) => params.get(name)))),
    { requireSync: true },
  );
  protected readonly state = signal<IncidentListState>(NO_LIST_YET);
  protected readonly loading = signal(false);
  protected readonly loadingMore = signal(false);
  protected readonly moreError = signal<string | null>(null);
  protected readonly now = signal(Date.now());
  protected readonly searchText = signal(untracked(this.filters).q);
  /** Since when live updates flow (ms); null while they do not. */
  private readonly liveSince = signal<number | null>(
    untracked(this.socket.connected) ? Date.now() : null,
  );

  protected readonly people = peopleDirectory();
  protected readonly services = serviceList();
  protected readonly settings = loadResource<IncidentSettings | null>({
    load: () => this.records.settings().pipe(catchError(() => of(null))),
    initial: null,
    errorMessage: 'The settings could not be loaded.',
  });
  protected readonly modules = computed(() => {
    const list = this.settings.value()?.modules ?? [...DEFAULT_INCIDENT_MODULES];
    const chosen = this.filters().module;
    return chosen && !list.includes(chosen) ? [...list, chosen] : list;
  });
  protected readonly assignees = computed(() => this.people.options());

  protected readonly items = computed(() => this.state().items);
  protected readonly fresh = computed(() =>
    listFreshness(this.state(), this.now(), this.liveSince(), this.socket.lostSince()),
  );
  protected readonly filtered = computed(() => isFiltered(this.filters()));
  protected readonly rangeProblem = computed(() => rangeProblem(this.filters()));

  private request: Subscription | null = null;
  private more: Subscription | null = null;
  /** Changes that arrived while the first page was asked for: applied to its answer too. */
  private changesSinceAsked: IncidentSummary[] = [];
  private readonly searches = new Subject<string>();

  constructor() {
    // A new URL (filters, sort): the first page of that list.
    effect(() => {
      const filters = this.filters();
      untracked(() => {
        this.searchText.set(filters.q);
        this.refresh();
      });
    });
    interval(1_000)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    inject(DestroyRef).onDestroy(() => {
      this.request?.unsubscribe();
      this.more?.unsubscribe();
    });
    this.searches
      .pipe(debounceTime(SEARCH_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe((q) => this.search(q));

    this.socket
      .on('incidents:changed')
      .pipe(takeUntilDestroyed())
      .subscribe((event) => this.changed(event.incident));
    // Changes sent while the socket was down were missed: the list is asked for again.
    this.socket.reconnected$.pipe(takeUntilDestroyed()).subscribe(() => this.wentLive());
    effect(() => {
      const connected = this.socket.connected();
      untracked(() => {
        if (!connected) this.liveSince.set(null);
        else if (this.liveSince() === null) this.wentLive();
      });
    });
  }

  /** Asks for the first page of the filters again (the rows loaded so far are replaced). */
  refresh(): void {
    this.request?.unsubscribe();
    this.more?.unsubscribe();
    this.loadingMore.set(false);
    this.moreError.set(null);
    const filters = this.filters();
    if (rangeProblem(filters)) {
      this.loading.set(false);
      this.state.set({ ...NO_LIST_YET, loaded: true, fetchedAt: Date.now(), askedAt: Date.now() });
      return;
    }
    const askedAt = Date.now();
    this.changesSinceAsked = [];
    this.loading.set(true);
    this.request = this.api.list(listQuery(filters)).subscribe({
      next: (answer) => {
        let state: IncidentListState = {
          items: answer.items,
          nextCursor: answer.nextCursor,
          loaded: true,
          fetchedAt: Date.now(),
          askedAt,
          error: null,
          failedAt: null,
          missed: 0,
        };
        // Changes seen meanwhile may be newer than the answer: applied again (older ignored).
        for (const change of this.changesSinceAsked)
          state = applyIncidentChange(state, change, filters);
        this.changesSinceAsked = [];
        this.loading.set(false);
        this.now.set(Date.now());
        this.state.set(state);
      },
      error: (error: unknown) => {
        this.changesSinceAsked = [];
        this.loading.set(false);
        this.now.set(Date.now());
        this.state.update((state) => ({
          ...state,
          error: apiErrorMessage(error, 'Hyperion did not answer.'),
          failedAt: Date.now(),
        }));
      },
    });
  }

  /** The next page after the rows shown ("Load more"). */
  protected loadMore(): void {
    const cursor = this.state().nextCursor;
    if (!cursor || this.loadingMore()) return;
    this.loadingMore.set(true);
    this.moreError.set(null);
    this.more = this.api.list(listQuery(this.filters(), cursor)).subscribe({
      next: (answer) => {
        this.loadingMore.set(false);
        this.state.update((state) => ({
          ...state,
          items: appendPage(state.items, answer.items),
          nextCursor: answer.nextCursor,
        }));
      },
      error: (error: unknown) => {
        this.loadingMore.set(false);
        this.moreError.set(apiErrorMessage(error, 'The next incidents could not be loaded.'));
      },
    });
  }

  protected setStatuses(statuses: IncidentStatus[]): void {
    this.navigate({ statuses });
  }

  protected setSeverities(severities: IncidentSeverity[]): void {
    this.navigate({ severities });
  }

  protected setModule(module: string): void {
    this.navigate({ module });
  }

  protected setService(serviceId: string): void {
    this.navigate({ serviceId });
  }

  protected setAssignee(assigneeId: string): void {
    this.navigate({ assigneeId });
  }

  protected setSort(sort: IncidentSort): void {
    this.navigate({ sort });
  }

  protected setDay(which: 'from' | 'to', value: string): void {
    this.navigate({ [which]: value });
  }

  protected typed(text: string): void {
    this.searchText.set(text);
    this.searches.next(text);
  }

  protected search(q: string): void {
    if (q.trim() !== this.filters().q) this.navigate({ q: q.trim() });
  }

  protected clearFilters(): void {
    this.navigate({
      statuses: [],
      severities: [],
      module: '',
      serviceId: '',
      assigneeId: '',
      q: '',
      from: '',
      to: '',
    });
  }

  protected reported(incident: IncidentSummary): string {
    return relativeTime(incident.reportedAt, this.now());
  }

  protected serviceName(incident: IncidentSummary): string | null {
    if (!incident.serviceId) return null;
    return (
      incident.serviceName ??
      this.services.value().find((service) => service.id === incident.serviceId)?.name ??
      null
    );
  }

  /** A row whose incident no longer matches the filters (changed live): it says so. */
  protected leaving(incident: IncidentSummary): boolean {
    return !matchesFilters(incident, this.filters());
  }

  private changed(incident: IncidentSummary): void {
    if (this.loading()) this.changesSinceAsked.push(incident);
    if (!this.state().loaded) return;
    this.state.update((state) => applyIncidentChange(state, incident, this.filters()));
  }

  private navigate(patch: Partial<IncidentFilters>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: filtersToParams({ ...this.filters(), ...patch }),
    });
  }

  /** Live updates flow (again): from now on; the list is asked for to catch what was missed. */
  private wentLive(): void {
    this.liveSince.set(Date.now());
    this.refresh();
  }
}
