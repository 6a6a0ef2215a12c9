import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FileRootSummary } from '@hyperion/contracts';
import { Observable, Subject } from 'rxjs';

import { FileRootApi } from '../file-root-api';
import { fileRootRow } from '../testing/file-root-fixtures';
import { FileRootsPage } from './file-roots-page';

/** Answers each `list()` with the next value pushed into `answers`. */
class FakeFileRootApi implements Pick<FileRootApi, 'list'> {
  answers = new Subject<FileRootSummary[]>();
  calls = 0;

  list(): Observable<FileRootSummary[]> {
    this.calls++;
    this.answers = new Subject<FileRootSummary[]>();
    return this.answers.asObservable();
  }
}

const row = fileRootRow();

describe('FileRootsPage', () => {
  let api: FakeFileRootApi;
  let fixture: ComponentFixture<FileRootsPage>;

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
    fixture = TestBed.createComponent(FileRootsPage);
    await settle();
  }

  async function answer(step: () => void): Promise<void> {
    step();
    await settle();
  }

  beforeEach(() => {
    api = new FakeFileRootApi();
    TestBed.configureTestingModule({ providers: [{ provide: FileRootApi, useValue: api }] });
  });

  it('lists the file roots once they arrive', async () => {
    await render();
    expect(element().querySelector('mat-progress-bar')).not.toBeNull();

    await answer(() => api.answers.next([row]));

    expect(element().querySelector('mat-progress-bar')).toBeNull();
    expect(query(`file-root-row-${row.id}`)?.textContent).toContain('alpha');
    expect(query('file-root-empty')).toBeNull();
  });

  it('says so when there are none', async () => {
    await render();
    await answer(() => api.answers.next([]));

    expect(query('file-root-empty')).not.toBeNull();
    expect(query('file-root-table')).toBeNull();
  });

  it('shows the error, and loads again on retry', async () => {
    await render();
    await answer(() => api.answers.error(new Error('down')));

    expect(query('file-root-error')?.textContent).toContain('The file roots could not be loaded.');

    query('file-root-retry')?.click();
    await settle();
    await answer(() => api.answers.next([row]));

    expect(api.calls).toBe(2);
    expect(query('file-root-error')).toBeNull();
    expect(query(`file-root-row-${row.id}`)).not.toBeNull();
  });
});
