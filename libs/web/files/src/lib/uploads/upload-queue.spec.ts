import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FILE_ROUTES, FileEntry } from '@hyperion/contracts';

import { FilesApi } from '../files-api';
import { fileEntry } from '../testing/file-root-fixtures';
import { refusal } from '../testing/page-harness';
import { CHANGED_SINCE_LISTED, ConflictChoice, UploadQueue } from './upload-queue';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UploadQueue', () => {
  let http: HttpTestingController;
  let queue: UploadQueue;
  let asked: string[];
  let answer: ConflictChoice;
  const listed = new Map<string, FileEntry>([
    ['a.txt', fileEntry('a.txt', { version: 'va' })],
    ['b.txt', fileEntry('b.txt', { version: 'vb' })],
  ]);

  const put = (path: string, version: string | null = null) =>
    http.expectOne(
      (r) =>
        r.method === 'PUT' &&
        r.url === FILE_ROUTES.content('r') &&
        r.params.get('path') === path &&
        r.params.get('version') === version,
    );
  const state = (name: string) => queue.items().find((i) => i.name === name);

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    asked = [];
    answer = { action: 'replace', applyToAll: false };
    queue = new UploadQueue({
      api: TestBed.inject(FilesApi),
      resolve: async (item) => {
        asked.push(item.name);
        return answer;
      },
      written: () => undefined,
    });
  });

  afterEach(() => http.verify());

  it('sends one file at a time, reporting progress, into the chosen folder', async () => {
    queue.add({ rootId: 'r', dir: 'up', listed }, [
      new File(['12345'], 'n.txt'),
      new File(['x'], 'm.txt'),
    ]);
    const first = put('up/n.txt');
    http.expectNone((r) => r.params.get('path') === 'up/m.txt');
    first.event({ type: HttpEventType.UploadProgress, loaded: 3, total: 5 });
    expect(state('n.txt')?.loaded).toBe(3);
    expect(state('m.txt')?.state).toBe('queued');
    first.flush(fileEntry('up/n.txt'), { status: 201, statusText: 'Created' });
    await settle();
    expect(state('n.txt')?.state).toBe('done');
    put('up/m.txt').flush(fileEntry('up/m.txt'), { status: 201, statusText: 'Created' });
    await settle();
    expect(queue.pending()).toBe(0);
  });

  it('asks once with "apply to all", replacing each with its listed version', async () => {
    answer = { action: 'replace', applyToAll: true };
    queue.add({ rootId: 'r', dir: '', listed }, [
      new File(['1'], 'a.txt'),
      new File(['2'], 'b.txt'),
    ]);
    put('a.txt').flush(...refusal(409, 'exists'));
    await settle();
    put('a.txt', 'va').flush(fileEntry('a.txt'), { status: 200, statusText: 'OK' });
    await settle();
    put('b.txt').flush(...refusal(409, 'exists'));
    await settle();
    put('b.txt', 'vb').flush(fileEntry('b.txt'), { status: 200, statusText: 'OK' });
    await settle();
    expect(asked).toEqual(['a.txt']);
    expect(state('b.txt')?.replaced).toBe(true);
  });

  it('skips when told, and says so when the file changed since it was listed', async () => {
    answer = { action: 'skip', applyToAll: false };
    queue.add({ rootId: 'r', dir: '', listed }, [new File(['1'], 'a.txt')]);
    put('a.txt').flush(...refusal(409, 'exists'));
    await settle();
    expect(state('a.txt')?.state).toBe('skipped');

    answer = { action: 'replace', applyToAll: false };
    queue.add({ rootId: 'r', dir: '', listed }, [new File(['1'], 'b.txt')]);
    put('b.txt').flush(...refusal(409, 'exists'));
    await settle();
    put('b.txt', 'vb').flush(...refusal(409, 'b.txt changed since it was listed'));
    await settle();
    expect(state('b.txt')?.state).toBe('failed');
    expect(state('b.txt')?.message).toBe(CHANGED_SINCE_LISTED);
  });

  it('cancels the running upload (the request is aborted) and a queued one', async () => {
    queue.add({ rootId: 'r', dir: '', listed }, [
      new File(['1'], 'n.txt'),
      new File(['2'], 'm.txt'),
    ]);
    const running = put('n.txt');
    const ids = queue.items().map((i) => i.id);
    queue.cancel(ids[1]);
    queue.cancel(ids[0]);
    expect(running.cancelled).toBe(true);
    await settle();
    expect(queue.items().map((i) => i.state)).toEqual(['cancelled', 'cancelled']);
    http.expectNone((r) => r.params.get('path') === 'm.txt');
  });

  it('says a file is over the limit in words (413)', async () => {
    queue.add({ rootId: 'r', dir: '', listed }, [new File(['1'], 'n.txt')]);
    put('n.txt').flush(...refusal(413, 'Payload Too Large'));
    await settle();
    expect(state('n.txt')?.message).toBe(
      'Too large: this file is over the largest upload this root accepts.',
    );
  });
});
