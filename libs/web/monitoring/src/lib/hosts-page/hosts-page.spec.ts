import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HostSummary } from '@hyperion/contracts';
import { Observable, Subject } from 'rxjs';

import { HostApi } from '../host-api';
import { HostsPage } from './hosts-page';

/** Answers each `list()` with the next value pushed into `answers`. */
class FakeHostApi implements Pick<HostApi, 'list'> {
  answers = new Subject<HostSummary[]>();
  calls = 0;

  list(): Observable<HostSummary[]> {
    this.calls++;
    this.answers = new Subject<HostSummary[]>();
    return this.answers.asObservable();
  }
}

const row: HostSummary = {
  id: '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11',
  name: 'alpha',
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
};

describe('HostsPage', () => {
  let api: FakeHostApi;
  let fixture: ComponentFixture<HostsPage>;

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
    fixture = TestBed.createComponent(HostsPage);
    await settle();
  }

  async function answer(step: () => void): Promise<void> {
    step();
    await settle();
  }

  beforeEach(() => {
    api = new FakeHostApi();
    TestBed.configureTestingModule({ providers: [{ provide: HostApi, useValue: api }] });
  });

  it('lists the hosts once they arrive', async () => {
    await render();
    expect(element().querySelector('mat-progress-bar')).not.toBeNull();

    await answer(() => api.answers.next([row]));

    expect(element().querySelector('mat-progress-bar')).toBeNull();
    expect(query(`host-row-${row.id}`)?.textContent).toContain('alpha');
    expect(query('host-empty')).toBeNull();
  });

  it('says so when there are none', async () => {
    await render();
    await answer(() => api.answers.next([]));

    expect(query('host-empty')).not.toBeNull();
    expect(query('host-table')).toBeNull();
  });

  it('shows the error, and loads again on retry', async () => {
    await render();
    await answer(() => api.answers.error(new Error('down')));

    expect(query('host-error')?.textContent).toContain('The hosts could not be loaded.');

    query('host-retry')?.click();
    await settle();
    await answer(() => api.answers.next([row]));

    expect(api.calls).toBe(2);
    expect(query('host-error')).toBeNull();
    expect(query(`host-row-${row.id}`)).not.toBeNull();
  });
});
