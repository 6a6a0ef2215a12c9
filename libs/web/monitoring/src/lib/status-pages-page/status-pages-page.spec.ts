import { ComponentFixture, TestBed } from '@angular/core/testing';
import { StatusPageSummary } from '@hyperion/contracts';
import { Observable, Subject } from 'rxjs';

import { StatusPageApi } from '../status-page-api';
import { StatusPagesPage } from './status-pages-page';

/** Answers each `list()` with the next value pushed into `answers`. */
class FakeStatusPageApi implements Pick<StatusPageApi, 'list'> {
  answers = new Subject<StatusPageSummary[]>();
  calls = 0;

  list(): Observable<StatusPageSummary[]> {
    this.calls++;
    this.answers = new Subject<StatusPageSummary[]>();
    return this.answers.asObservable();
  }
}

const row: StatusPageSummary = {
  id: '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11',
  name: 'alpha',
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
    TestBed.configureTestingModule({ providers: [{ provide: StatusPageApi, useValue: api }] });
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
});
