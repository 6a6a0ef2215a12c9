import { Subject, throwError } from 'rxjs';

import { busyFlag } from './busy';

describe('busyFlag', () => {
  it('is busy from subscription until the request completes', () => {
    const busy = busyFlag();
    const answer = new Subject<string>();
    const tracked = busy.track(answer);

    expect(busy.active()).toBe(false);
    tracked.subscribe();
    expect(busy.active()).toBe(true);

    answer.next('done');
    answer.complete();
    expect(busy.active()).toBe(false);
  });

  it('stays busy while any of several overlapping requests runs', () => {
    const busy = busyFlag();
    const first = new Subject<void>();
    const second = new Subject<void>();

    busy.track(first).subscribe();
    busy.track(second).subscribe();
    first.complete();
    expect(busy.active()).toBe(true);

    second.complete();
    expect(busy.active()).toBe(false);
  });

  it('is no longer busy after a failure', () => {
    const busy = busyFlag();
    let failed = false;

    busy.track(throwError(() => new Error('refused'))).subscribe({ error: () => (failed = true) });

    expect(failed).toBe(true);
    expect(busy.active()).toBe(false);
  });
});
