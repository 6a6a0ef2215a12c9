import { DOCUMENT, JsonPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import type {
  ApiKeySummary,
  AuditEntry,
  AuditResult,
  AuditVerification,
  RoleSummary,
  UserSummary,
} from '@hyperion/contracts';
import { AUDIT_ACTIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { StatusBadge } from '@hyperion/web/ui';
import { apiErrorMessage, loadResource } from '@hyperion/web/util';
import { Observable, map, of } from 'rxjs';

import { AdminApi } from '../admin-api';
import { AuditApi, AuditScope, csvUrl } from '../audit-api';
import { fromDateTimeInput, toDateTimeInput, zoneAbbreviation } from '../time/zoned-time';
import { ZonedTimePipe } from '../time/zoned-time.pipe';
import {
  AuditFilters,
  NO_FILTERS,
  QUICK_RANGES,
  QuickRangeId,
  auditQuery,
  csvFileName,
  filtersFromParams,
  filtersToParams,
  quickRange,
  rangeProblem,
  sameSearch,
} from './audit-filters';
import { actorGroups, describeActor, describeTarget, nameBook } from './audit-names';

const PAGE_SIZE = 50;
/** The members the actor picker and the names come from (the API's largest page). */
const MEMBERS_FOR_NAMES = 200;

/** The filter form as typed: the times are `datetime-local` values in the shown zone. */
interface FilterForm {
  action: string;
  actor: string;
  result: '' | AuditResult;
  from: string;
  to: string;
}

/**
 * The audit log: newest first, with names instead of ids and times with their zone (or UTC);
 * filtered by action, actor (picked by name), result and time range (or a quick range), all kept
 * in the URL; paged with a cursor; the CSV export of the same filters; the hash chain verified on
 * demand.
 */
@Component({
  selector: 'hyp-audit-page',
  imports: [
    JsonPipe,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTableModule,
    ReactiveFormsModule,
    StatusBadge,
    ZonedTimePipe,
  ],
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(AuditApi);
  private readonly adminApi = inject(AdminApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly document = inject(DOCUMENT);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly actions = AUDIT_ACTIONS;
  protected readonly quickRanges = QUICK_RANGES;
  protected readonly columns = ['time', 'actor', 'action', 'target', 'ip', 'result', 'more'];

  /** The filters the URL holds: the single source of what is shown. */
  protected readonly filters = toSignal(this.route.queryParams.pipe(map(filtersFromParams)), {
    initialValue: NO_FILTERS,
  });
  protected readonly form = inject(NonNullableFormBuilder).group<FilterForm>({
    action: '',
    actor: '',
    result: '',
    from: '',
    to: '',
  });
  private readonly formValue = toSignal(
    this.form.valueChanges.pipe(map(() => this.form.getRawValue())),
    { initialValue: this.form.getRawValue() },
  );
  /** From after To, in the form as typed or in the URL (a shared link): nothing is requested. */
  protected readonly rangeWarning = computed(() => {
    const value = this.formValue();
    const { utc } = this.filters();
    return (
      rangeProblem({
        from: fromDateTimeInput(value.from, utc),
        to: fromDateTimeInput(value.to, utc),
        utc,
      }) ?? rangeProblem(this.filters())
    );
  });
  /** "CET", "UTC": the zone the time inputs and the table use. */
  protected readonly zone = computed(() =>
    zoneAbbreviation(new Date(), { utc: this.filters().utc }),
  );

  protected readonly entries = signal<AuditEntry[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly downloading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly expanded = signal<string | null>(null);
  protected readonly verification = signal<AuditVerification | null>(null);
  protected readonly verifying = signal(false);
  protected readonly verifyError = signal<string | null>(null);

  /** Platform administrators may also read the entries of no organisation. */
  protected readonly platformAdmin = computed(() => this.auth.hasPermission('platform:admin'));
  protected readonly organizationName = computed(() => this.auth.organization()?.name ?? null);

  // Names for ids: the lists need `users:admin`; without it the entries' own names serve.
  private readonly members = this.namesFrom<UserSummary>(() =>
    this.adminApi.listMembers({ limit: MEMBERS_FOR_NAMES }).pipe(map((page) => page.items)),
  );
  private readonly roles = this.namesFrom<RoleSummary>(() => this.adminApi.listRoles());
  private readonly apiKeys = this.namesFrom<ApiKeySummary>(() => this.adminApi.listApiKeys());
  protected readonly names = computed(() =>
    nameBook({
      members: this.members.value(),
      roles: this.roles.value(),
      apiKeys: this.apiKeys.value(),
      organizations: this.auth.organizations(),
      entries: this.entries(),
    }),
  );
  protected readonly actorGroups = computed(() =>
    actorGroups(
      { members: this.members.value(), apiKeys: this.apiKeys.value(), entries: this.entries() },
      this.formValue().actor,
    ),
  );
  /** The CSV export's address: the same filters as the entries shown. */
  protected readonly csvHref = computed(() => csvUrl(auditQuery(this.filters())));

  /** The filters of the rows shown (null before the first search). */
  private shown: AuditFilters | null = null;

  constructor() {
    effect(() => {
      const filters = this.filters();
      untracked(() => this.follow(filters));
    });
  }

  /** "Apply": the form's filters into the URL (which runs the search), unless From > To. */
  protected apply(): void {
    const next = this.formFilters();
    if (rangeProblem(next)) {
      return;
    }
    if (this.sameUrl(next)) {
      this.search(next);
    } else {
      this.show(next);
    }
  }

  protected applyQuickRange(id: QuickRangeId): void {
    this.show({ ...this.formFilters(), ...quickRange(id, new Date()) });
  }

  protected showUtc(utc: boolean): void {
    this.show({ ...this.filters(), utc });
  }

  protected showScope(scope: AuditScope): void {
    if (scope !== this.filters().scope) {
      this.show({ ...this.filters(), scope });
    }
  }

  protected reset(): void {
    const { utc, scope } = this.filters();
    this.show({ ...NO_FILTERS, utc, scope });
  }

  protected loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor && this.shown) {
      this.load(this.shown, cursor);
    }
  }

  protected toggle(entry: AuditEntry): void {
    this.expanded.update((id) => (id === entry.id ? null : entry.id));
  }

  /** Narrows the log to one actor (the API filters by id: user id, API key id or "system"). */
  protected filterByActor(entry: AuditEntry): void {
    if (entry.actorId) {
      this.show({ ...this.filters(), actor: entry.actorId });
    }
  }

  protected actorOf(entry: AuditEntry): string {
    return describeActor(entry, this.names());
  }

  protected targetOf(entry: AuditEntry): string {
    return describeTarget(entry.target, this.names());
  }

  protected verify(): void {
    this.verifying.set(true);
    this.verifyError.set(null);
    this.verification.set(null);
    this.api.verify().subscribe({
      next: (result) => {
        this.verifying.set(false);
        this.verification.set(result);
      },
      error: (error: unknown) => {
        this.verifying.set(false);
        this.verifyError.set(apiErrorMessage(error, 'The audit log could not be verified.'));
      },
    });
  }

  /** Saves the CSV of the shown filters (fetched with the token: the link alone has none). */
  protected downloadCsv(event?: Event): void {
    event?.preventDefault();
    if (this.downloading() || rangeProblem(this.filters())) return;
    this.downloading.set(true);
    this.api.exportCsv(auditQuery(this.filters())).subscribe({
      next: (blob) => {
        this.downloading.set(false);
        const url = URL.createObjectURL(blob);
        const link = this.document.createElement('a');
        link.href = url;
        link.download = csvFileName(new Date());
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
      error: (error: unknown) => {
        this.downloading.set(false);
        this.snackBar.open(apiErrorMessage(error, 'The CSV export failed.'), 'Close');
      },
    });
  }

  /** The URL changed (a filter, a reload, a shared link, back): show what it asks for. */
  private follow(filters: AuditFilters): void {
    const zone = { utc: filters.utc };
    this.form.setValue({
      action: filters.action,
      actor: filters.actor,
      result: filters.result,
      from: toDateTimeInput(filters.from, zone),
      to: toDateTimeInput(filters.to, zone),
    });
    if (rangeProblem(filters)) {
      // The warning says why; an empty range is not worth a request.
      this.shown = null;
      this.entries.set([]);
      this.nextCursor.set(null);
      return;
    }
    if (this.shown && sameSearch(this.shown, filters)) {
      // Only the display changed (e.g. UTC): the entries stay.
      this.shown = filters;
      return;
    }
    this.search(filters);
  }

  private search(filters: AuditFilters): void {
    this.shown = filters;
    this.entries.set([]);
    this.nextCursor.set(null);
    this.expanded.set(null);
    this.load(filters);
  }

  private load(filters: AuditFilters, cursor?: string): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.list({ ...auditQuery(filters), cursor, limit: PAGE_SIZE }, filters.scope).subscribe({
      next: (page) => {
        this.loading.set(false);
        this.entries.update((entries) => [...entries, ...page.items]);
        this.nextCursor.set(page.nextCursor);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(apiErrorMessage(error, 'The audit log could not be loaded.'));
      },
    });
  }

  /** The form's filters, its times read in the zone shown; display and scope from the URL. */
  private formFilters(): AuditFilters {
    const value = this.form.getRawValue();
    const { utc, scope } = this.filters();
    return {
      action: value.action,
      actor: value.actor,
      result: value.result,
      from: fromDateTimeInput(value.from, utc),
      to: fromDateTimeInput(value.to, utc),
      utc,
      scope,
    };
  }

  private sameUrl(filters: AuditFilters): boolean {
    return (
      JSON.stringify(filtersToParams(filters)) === JSON.stringify(filtersToParams(this.filters()))
    );
  }

  private show(filters: AuditFilters): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: filtersToParams(filters),
    });
  }

  /** A list for names, loaded only when the user may read it; a failure just leaves ids. */
  private namesFrom<T>(load: () => Observable<T[]>) {
    return loadResource<T[]>({
      load: () => (this.auth.hasPermission('users:admin') ? load() : of([])),
      initial: [],
      errorMessage: '',
    });
  }
}
