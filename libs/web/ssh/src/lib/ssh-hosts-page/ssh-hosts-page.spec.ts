import { ComponentFixture, TestBed } from '@angular/core/testing';
import { SshHostSummary } from '@hyperion/contracts';
import { Observable, Subject } from 'rxjs';

import { SshHostApi } from '../ssh-host-api';
import { sshHostRow } from '../testing/ssh-host-fixtures';
import { SshHostsPage } from './ssh-hosts-page';

/** Answers each `list()` with the next value pushed into `answers`. */
class FakeSshHostApi implements Pick<SshHostApi, 'list'> {
  answers = new Subject<SshHostSummary[]>();
  calls = 0;

  list(): Observable<SshHostSummary[]> {
    this.calls++;
    this.answers = new Subject<SshHostSummary[]>();
    return this.answers.asObservable();
  }
}

const row = sshHostRow();

describe('SshHostsPage', () => {
  let api: FakeSshHostApi;
  let fixture: ComponentFixture<SshHostsPage>;

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
    fixture = TestBed.createComponent(SshHostsPage);
    await settle();
  }

  async function answer(step: () => void): Promise<void> {
    step();
    await settle();
  }

  beforeEach(() => {
    api = new FakeSshHostApi();
    TestBed.configureTestingModule({ providers: [{ provide: SshHostApi, useValue: api }] });
  });

  it('lists the ssh hosts once they arrive', async () => {
    await render();
    expect(element().querySelector('mat-progress-bar')).not.toBeNull();

    await answer(() => api.answers.next([row]));

    expect(element().querySelector('mat-progress-bar')).toBeNull();
    expect(query(`ssh-host-row-${row.id}`)?.textContent).toContain('alpha');
    expect(query('ssh-host-empty')).toBeNull();
  });

  it('says so when there are none', async () => {
    await render();
    await answer(() => api.answers.next([]));

    expect(query('ssh-host-empty')).not.toBeNull();
    expect(query('ssh-host-table')).toBeNull();
  });

  it('shows the error, and loads again on retry', async () => {
    await render();
    await answer(() => api.answers.error(new Error('down')));

    expect(query('ssh-host-error')?.textContent).toContain('The ssh hosts could not be loaded.');

    query('ssh-host-retry')?.click();
    await settle();
    await answer(() => api.answers.next([row]));

    expect(api.calls).toBe(2);
    expect(query('ssh-host-error')).toBeNull();
    expect(query(`ssh-host-row-${row.id}`)).not.toBeNull();
  });
});
