import { TestRequest } from '@angular/common/http/testing';
import type { AnyPermission, ProcessInfo, ProcessList } from '@hyperion/contracts';
import { SYSTEM_ROUTES } from '@hyperion/contracts';

import { PageHarness, openPage, refusal } from '../../testing/page-harness';
import { PROCESSES_REFRESH_MS, ProcessesPage, SEARCH_DEBOUNCE_MS } from './processes-page';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function proc(overrides: Partial<ProcessInfo>): ProcessInfo {
  return {
    pid: 4242,
    parentPid: 1,
    name: 'sleep',
    user: 'ada',
    cpuPercent: 0,
    memoryBytes: 1536 * 1024,
    memoryPercent: 0.02,
    state: 'sleeping',
    startedAt: minutesAgo(5),
    command: 'sleep 300',
    protectedReason: null,
    ...overrides,
  };
}

const SLEEP = proc({});
const INIT = proc({
  pid: 1,
  parentPid: 0,
  name: 'systemd',
  user: 'root',
  cpuPercent: 1.5,
  memoryBytes: 12 * 1024 * 1024,
  command: '/sbin/init',
  protectedReason:
    'pid 1 (systemd) is the init process of this host: stopping it would bring the host down',
});

const listOf = (items: ProcessInfo[], total = items.length): ProcessList => ({
  items,
  total,
  sampledAt: new Date().toISOString(),
  cpuWindowMs: 500,
});

describe('ProcessesPage', { timeout: 60_000 }, () => {
  let page: PageHarness<ProcessesPage>;

  const list = (): TestRequest =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === SYSTEM_ROUTES.processes);
  const stopSent = (pid: number) =>
    page.backend.expectOne((r) => r.method === 'POST' && r.url === SYSTEM_ROUTES.processStop(pid));

  async function open(
    items: ProcessInfo[],
    held: readonly AnyPermission[] = ['monitoring:read', 'monitoring:control'],
  ): Promise<void> {
    page = await openPage(ProcessesPage, { held });
    const first = list();
    expect(first.request.params.get('sort')).toBe('cpu');
    expect(first.request.params.get('order')).toBe('desc');
    expect(first.request.params.get('offset')).toBe('0');
    first.flush(listOf(items));
    await page.stable();
  }

  afterEach(() => {
    vi.useRealTimers();
    page.destroy();
  });

  it('lists the processes with pid, name, user, CPU, memory, start and command line', async () => {
    await open([INIT, SLEEP]);

    const row = page.text('process-row-4242');
    expect(row).toContain('4242');
    expect(row).toContain('sleep');
    expect(row).toContain('ada');
    expect(row).toContain('1.5 MiB');
    expect(row).toContain('5 min ago');
    expect(row).toContain('sleep 300');
    expect(page.text('process-counts')).toMatch(/^2 processes, read just now$/);
    // pid 1 cannot be stopped: no button, the reason instead.
    expect(page.find('process-stop-1')).toBeNull();
    expect(page.find('process-protected-1')?.getAttribute('title')).toContain('init process');
    expect(page.find('process-stop-4242')?.textContent?.trim()).toBe('Stop…');
  });

  it('searches through the API after a pause in typing, and sorts by the column clicked', async () => {
    await open([INIT, SLEEP]);

    await page.type('process-search', 'slee');
    await page.type('process-search', 'sleep');
    page.backend.expectNone(SYSTEM_ROUTES.processes);
    await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 50));
    await page.stable();
    const searched = list();
    expect(searched.request.params.get('q')).toBe('sleep');
    searched.flush(listOf([SLEEP]));
    await page.stable();
    expect(page.text('process-counts')).toMatch(/^1 process matching “sleep”, read/);
    expect(page.find('process-row-1')).toBeNull();

    const pidHeader = document.querySelector<HTMLElement>(
      'th.mat-column-pid .mat-sort-header-container',
    );
    pidHeader?.click();
    await page.stable();
    const sorted = list();
    expect(sorted.request.params.get('sort')).toBe('pid');
    expect(sorted.request.params.get('order')).toBe('asc');
    expect(sorted.request.params.get('q')).toBe('sleep');
    sorted.flush(listOf([SLEEP]));
  });

  it('stops a process after a confirmation naming it, and says it terminated', async () => {
    await open([INIT, SLEEP]);

    await page.click('process-stop-4242');
    expect(document.querySelector('h2')?.textContent).toBe('Stop sleep (pid 4242)?');
    expect(page.text('process-stop-dialog')).toContain('Command: sleep 300');
    page.backend.expectNone(SYSTEM_ROUTES.processStop(4242));

    await page.click('process-stop-dialog-confirm');
    expect(page.text('process-stop-dialog-confirm')).toBe('Stopping…');
    const stop = stopSent(4242);
    expect(stop.request.body).toEqual({ startedAt: SLEEP.startedAt });
    stop.flush({
      pid: 4242,
      name: 'sleep',
      command: 'sleep 300',
      startedAt: SLEEP.startedAt,
      outcome: 'terminated',
      signals: ['SIGTERM'],
      elapsedMs: 120,
    });
    await page.stable();

    expect(page.find('process-stop-dialog')).toBeNull();
    expect(page.text('process-outcome')).toBe(
      'sleep (pid 4242) terminated: it exited after SIGTERM, in 0.1 s. Dismiss',
    );
    list().flush(listOf([INIT]));
    await page.stable();
    expect(page.find('process-row-4242')).toBeNull();
  });

  it('says when a process was killed, or is stuck', async () => {
    await open([SLEEP]);
    const result = { pid: 4242, name: 'sleep', command: 'sleep 300', startedAt: SLEEP.startedAt };

    await page.click('process-stop-4242');
    await page.click('process-stop-dialog-confirm');
    stopSent(4242).flush({
      ...result,
      outcome: 'killed',
      signals: ['SIGTERM', 'SIGKILL'],
      elapsedMs: 10_250,
    });
    await page.stable();
    expect(page.text('process-outcome')).toMatch(
      /^sleep \(pid 4242\) killed: it ignored SIGTERM for the grace period and exited after SIGKILL \(10\.3 s in all\)\./,
    );
    list().flush(listOf([SLEEP]));
    await page.stable();

    await page.click('process-stop-4242');
    await page.click('process-stop-dialog-confirm');
    stopSent(4242).flush({
      ...result,
      outcome: 'unresponsive',
      signals: ['SIGTERM', 'SIGKILL'],
      elapsedMs: 15_000,
    });
    await page.stable();
    expect(page.find('process-outcome')?.classList.contains('problem')).toBe(true);
    expect(page.text('process-outcome')).toMatch(/did not exit: SIGKILL was sent/);
    list().flush(listOf([SLEEP]));
  });

  it('keeps the dialog open with the refusal in words: a missing permission, a 409 of the API', async () => {
    await open([SLEEP]);

    await page.click('process-stop-4242');
    await page.click('process-stop-dialog-confirm');
    stopSent(4242).flush(...refusal(403, 'Missing permission: monitoring:control'));
    await page.stable();
    expect(page.text('process-stop-dialog-error')).toBe(
      'You need the monitoring:control permission for this: ask an administrator of this organisation.',
    );

    await page.click('process-stop-dialog-confirm');
    stopSent(4242).flush(
      ...refusal(
        409,
        'pid 4242 now belongs to another process (bash, started at …): the one you meant has exited',
      ),
    );
    await page.stable();
    expect(page.text('process-stop-dialog-error')).toBe(
      'pid 4242 now belongs to another process (bash, started at …): the one you meant has exited',
    );
    expect(page.find('process-outcome')).toBeNull();
  });

  it('offers no stop to someone without monitoring:control', async () => {
    await open([SLEEP], ['monitoring:read']);
    expect(page.find('process-row-4242')).not.toBeNull();
    expect(page.find('process-stop-4242')).toBeNull();
  });

  it('reads the list again every 10 s and, when that fails, keeps its rows and says so', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    await open([SLEEP]);

    vi.advanceTimersByTime(PROCESSES_REFRESH_MS);
    await page.stable();
    list().flush(...refusal(503, 'Service Unavailable'));
    await page.stable();
    expect(page.text('process-stale')).toMatch(/^Not up to date: the last refresh failed/);
    expect(page.find('process-row-4242')).not.toBeNull();

    vi.advanceTimersByTime(PROCESSES_REFRESH_MS);
    await page.stable();
    list().flush(listOf([]));
    await page.stable();
    expect(page.find('process-stale')).toBeNull();
    expect(page.text('process-empty')).toBe('No processes.');
  });
});
