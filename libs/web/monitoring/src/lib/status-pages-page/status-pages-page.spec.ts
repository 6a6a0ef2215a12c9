import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CreateStatusPageRequest, StatusPageSummary } from '@hyperion/contracts';
import { Observable, Subject, of, throwError } from 'rxjs';

import { StatusPageApi } from '../status-page-api';
import { StatusPagesPage } from './status-pages-page';

/** Answers each `list()` with the next value pushed into `answers`. */
class FakeStatusPageApi implements Pick<StatusPageApi, 'list' | 'create' | 'delete'> {
  answers = new Subject<StatusPageSummary[]>();
  calls = 0;
  created: CreateStatusPageRequest[] = [];
  deleted: string[] = [];
  /** What `create` answers: the new page, or a refusal. */
  createAnswer: () => Observable<StatusPageSummary> = () => throwError(() => new Error('unset'));

  create(request: CreateStatusPageRequest): Observable<StatusPageSummary> {
    this.created.push(request);
    return this.createAnswer();
  }

  delete(id: string): Observable<void> {
    this.deleted.push(id);
    return of(undefined);
  }

  list(): Observable<StatusPageSummary[]> {
    this.calls++;
    this.answers = new Subject<StatusPageSummary[]>();
    return this.answers.asObservable();
  }
}

const row: StatusPageSummary = {
  id: '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11',
  slug: 'alpha',
  name: 'alpha',
  description: '',
  published: false,
  showPostmortems: false,
  publicUrl: null,
  emailChannelId: null,
  subscriptions: false,
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
};

describe('StatusPagesPage', () => {
  let api: FakeStatusPageApi;
  let fixture: ComponentFixture<StatusPagesPage>;

  const element = () => fixture.nativeElement as HTMLElement;
  const query = (testId: string) =>
    element().querySelector<HTMLElement>(`[data-testid="${testId}"]`);

  /** Lets the resource start its request (or take its answer) and the page render. */
  async function settle(): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(StatusPagesPage);
    await settle();
  }

  async function answer(step: () => void): Promise<void> {
    step();
    await settle();
  }

  beforeEach(() => {
    api = new FakeStatusPageApi();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: StatusPageApi, useValue: api }],
    });
  });

  it('lists the status pages once they arrive', async () => {
    await render();
    expect(element().querySelector('mat-progress-bar')).not.toBeNull();

    await answer(() => api.answers.next([row]));

    expect(element().querySelector('mat-progress-bar')).toBeNull();
    expect(query(`status-page-row-${row.id}`)?.textContent).toContain('alpha');
    expect(query('status-page-empty')).toBeNull();
  });

  it('says so when there are none', async () => {
    await render();
    await answer(() => api.answers.next([]));

    expect(query('status-page-empty')).not.toBeNull();
    expect(query('status-page-table')).toBeNull();
  });

  it('shows the error, and loads again on retry', async () => {
    await render();
    await answer(() => api.answers.error(new Error('down')));

    expect(query('status-page-error')?.textContent).toContain(
      'The status pages could not be loaded.',
    );

    query('status-page-retry')?.click();
    await settle();
    await answer(() => api.answers.next([row]));

    expect(api.calls).toBe(2);
    expect(query('status-page-error')).toBeNull();
    expect(query(`status-page-row-${row.id}`)).not.toBeNull();
  });

  /** Types into an input of the create form. */
  function type(label: string, value: string): void {
    const input = element().querySelector<HTMLInputElement>(`input[formcontrolname="${label}"]`);
    if (!input) throw new Error(`no ${label} input`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('shows the title, a link to the public page in a new tab, and the published state', async () => {
    await render();
    await answer(() => api.answers.next([{ ...row, name: 'Acme status', published: true }]));

    const shown = query(`status-page-row-${row.id}`);
    expect(shown?.textContent).toContain('Acme status');
    expect(shown?.textContent).toContain('Published');
    const link = shown?.querySelector<HTMLAnchorElement>('a[target="_blank"]');
    expect(link?.getAttribute('href')).toBe('/status/alpha');
    expect(link?.rel).toBe('noopener');
  });

  it('creates a page with a title and a slug, and lists it', async () => {
    await render();
    await answer(() => api.answers.next([]));
    api.createAnswer = () => of({ ...row, name: 'Acme status', slug: 'acme' });

    type('name', 'Acme status');
    type('slug', 'acme');
    query('status-page-create')?.dispatchEvent(new Event('submit'));
    await settle();

    expect(api.created).toEqual([{ name: 'Acme status', slug: 'acme' }]);
    expect(query(`status-page-row-${row.id}`)?.textContent).toContain('Acme status');
  });

  it("shows the API's refusal next to the slug it names", async () => {
    await render();
    await answer(() => api.answers.next([]));
    api.createAnswer = () =>
      throwError(
        () =>
          new HttpErrorResponse({
            status: 409,
            error: {
              statusCode: 409,
              message: 'slug: "acme" is already the address of a status page',
            },
          }),
      );

    type('name', 'Acme status');
    type('slug', 'acme');
    query('status-page-create')?.dispatchEvent(new Event('submit'));
    await settle();

    expect(query('status-page-create-slug-error')?.textContent).toContain(
      '"acme" is already the address of a status page',
    );
    expect(query('status-page-problem')).toBeNull();
  });

  it('deletes a page only after the confirmation', async () => {
    await render();
    await answer(() => api.answers.next([row]));

    query(`status-page-delete-${row.id}`)?.click();
    await settle();
    expect(api.deleted).toEqual([]);
    query(`status-page-delete-${row.id}`)?.click();
    await settle();

    expect(api.deleted).toEqual([row.id]);
    expect(query(`status-page-row-${row.id}`)).toBeNull();
  });
});
