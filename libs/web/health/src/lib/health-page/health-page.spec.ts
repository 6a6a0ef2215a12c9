import { Signal, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import {
  HealthReport,
  HealthTransition,
  ServerEventName,
  ServerEventPayload,
} from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';
import { Observable, Subject, of } from 'rxjs';

import { HealthApi, HealthResult } from '../health-api';
import { healthyReport } from '../health-report.fixture';
import { HEALTH_POLL_INTERVAL_MS, HealthPage } from './health-page';

const DEPENDENCIES = ['api', 'database', 'redis', 'disk', 'memory'];

class FakeSocketService implements Pick<SocketService, 'on' | 'reconnected$'> {
  readonly connectedState = signal(true);
  readonly connected: Signal<boolean> = this.connectedState;
  readonly lostState = signal<Date | null>(null);
  readonly lostSince: Signal<Date | null> = this.lostState;
  readonly reconnects = new Subject<void>();
  readonly reconnected$ = this.reconnects.asObservable();
  readonly healthStatus = new Subject<HealthReport>();

  on<E extends ServerEventName>(event: E): Observable<ServerEventPayload<E>> {
    if (event !== 'health:status') {
      throw new Error(`unexpected event ${event}`);
    }
    return this.healthStatus.asObservable();
  }

  drop(at = new Date()): void {
    this.connectedState.set(false);
    this.lostState.set(at);
  }
}

class FakeHealthApi implements Pick<HealthApi, 'getReport' | 'getHistory'> {
  next: HealthResult = { kind: 'report', report: healthyReport() };
  history: HealthTransition[] | null = [];
  calls = 0;
  historyCalls = 0;

  getReport(): Observable<HealthResult> {
    this.calls++;
    return of(this.next);
  }

  getHistory(): Observable<HealthTransition[] | null> {
    this.historyCalls++;
    return of(this.history);
  }
}

describe('HealthPage', () => {
  let socket: FakeSocketService;
  let api: FakeHealthApi;
  let fixture: ComponentFixture<HealthPage>;
  let pollMs: number;

  const query = (testId: string): HTMLElement | null =>
    (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`);
  const states = () => DEPENDENCIES.map((dep) => query(`dep-${dep}`)?.getAttribute('data-state'));

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(HealthPage);
    await fixture.whenStable();
  }

  beforeEach(() => {
    socket = new FakeSocketService();
    api = new FakeHealthApi();
    // One check at start; tests that are about polling shorten it.
    pollMs = 3_600_000;
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: HealthApi, useValue: api },
        { provide: HEALTH_POLL_INTERVAL_MS, useFactory: () => pollMs },
      ],
    });
  });

  afterEach(() => fixture?.destroy());

  it('renders the fetched report: overall status, one card per dependency, live indicator', async () => {
    await render();

    const overall = query('overall-status');
    expect(overall?.getAttribute('data-status')).toBe('healthy');
    expect(overall?.textContent).toContain('healthy');
    expect(states()).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(query('dep-database')?.textContent).toContain('PostgreSQL');
    expect(query('dep-disk')?.textContent).toContain('42.5 %');
    expect(query('dep-memory')?.textContent).toContain('180 MiB');
    expect(query('health-errors')).toBeNull();
    expect(query('live-indicator')?.getAttribute('data-connected')).toBe('true');
    expect(query('last-updated')?.querySelector('time')?.getAttribute('datetime')).toBe(
      '2026-01-30T14:00:00.000Z',
    );
    expect(query('updated-ago')?.textContent?.trim()).toBe('0 s ago');
  });

  it('turns the database card and the overall status red when the socket reports a failure', async () => {
    await render();

    socket.healthStatus.next(
      healthyReport({
        database: 'ERROR',
        status: 'unhealthy',
        timestamp: '2026-01-30T14:00:10.000Z',
        errors: ['database: connection refused'],
      }),
    );
    await fixture.whenStable();

    expect(query('dep-database')?.getAttribute('data-state')).toBe('ERROR');
    expect(query('dep-database')?.textContent).toContain('ERROR');
    expect(query('dep-api')?.getAttribute('data-state')).toBe('OK');
    const overall = query('overall-status');
    expect(overall?.getAttribute('data-status')).toBe('unhealthy');
    expect(overall?.textContent).toContain('unhealthy');
    expect(query('health-errors')?.textContent).toContain('database: connection refused');
    expect(api.calls).toBe(1);
  });

  it('shows disk and memory as ERROR when they are not healthy', async () => {
    const report = healthyReport({ status: 'unhealthy' });
    api.next = {
      kind: 'report',
      report: {
        ...report,
        disk: { ...report.disk, usage_percent: 95.2, healthy: false },
        memory: { ...report.memory, healthy: false },
      },
    };
    await render();

    expect(query('dep-disk')?.getAttribute('data-state')).toBe('ERROR');
    expect(query('dep-memory')?.getAttribute('data-state')).toBe('ERROR');
  });

  it('ignores a report older than the one shown', async () => {
    await render();

    socket.healthStatus.next(
      healthyReport({
        redis: 'ERROR',
        status: 'unhealthy',
        timestamp: '2026-01-30T13:59:00.000Z',
      }),
    );
    await fixture.whenStable();

    expect(query('dep-redis')?.getAttribute('data-state')).toBe('OK');
  });

  it('turns every card UNKNOWN (not green) when the live connection drops, and says the console is offline', async () => {
    await render();

    socket.drop();
    await fixture.whenStable();

    expect(states()).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    expect(query('overall-status')?.getAttribute('data-status')).toBe('unknown');
    expect(query('health-offline')?.textContent).toContain('The console is offline');
    expect(query('overall-status')?.textContent).toContain('live updates were lost');
    expect(query('dep-api')?.querySelector('hyp-status-badge')?.textContent?.trim()).toBe(
      'Unknown',
    );
    expect(query('live-indicator')?.getAttribute('data-connected')).toBe('false');
  });

  it('keeps checking over HTTP while offline: a fresh answer shows the states again', async () => {
    pollMs = 40;
    await render();
    socket.drop();
    await fixture.whenStable();
    const callsAtDrop = api.calls;
    api.next = {
      kind: 'report',
      report: healthyReport({
        redis: 'ERROR',
        status: 'unhealthy',
        timestamp: '2026-01-30T14:02:00.000Z',
      }),
    };

    for (let i = 0; i < 50 && query('dep-redis')?.getAttribute('data-state') !== 'ERROR'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await fixture.whenStable();
    }

    expect(api.calls).toBeGreaterThan(callsAtDrop);
    expect(states()).toEqual(['OK', 'OK', 'ERROR', 'OK', 'OK']);
    expect(query('health-polling')?.textContent).toContain('Live updates lost');
  });

  it('refreshes the numbers on every check', async () => {
    pollMs = 40;
    await render();
    const report = healthyReport();
    api.next = {
      kind: 'report',
      report: {
        ...report,
        timestamp: '2026-01-30T14:00:10.000Z',
        disk: { ...report.disk, usage_percent: 57.3 },
      },
    };

    for (let i = 0; i < 50 && !query('dep-disk')?.textContent?.includes('57.3 %'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await fixture.whenStable();
    }

    expect(query('dep-disk')?.textContent).toContain('57.3 %');
  });

  it('says Hyperion is unreachable, every card UNKNOWN, when the HTTP check fails too', async () => {
    await render();
    socket.drop();
    api.next = { kind: 'unreachable', reason: 'Cannot reach Hyperion — check your connection.' };
    socket.reconnects.next();
    await fixture.whenStable();

    expect(query('health-unreachable')?.textContent).toContain('Hyperion is unreachable');
    expect(query('overall-status')?.getAttribute('data-status')).toBe('unknown');
    expect(states()).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    expect(query('last-updated')?.textContent).toContain('Last known report');
  });

  it('shows five UNKNOWN cards when the API never answered', async () => {
    api.next = { kind: 'unreachable', reason: 'Cannot reach Hyperion — check your connection.' };
    await render();

    expect(query('overall-status')?.getAttribute('data-status')).toBe('unknown');
    expect(query('overall-status')?.textContent).toContain('Hyperion is unreachable');
    expect(states()).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    expect(query('last-updated')).toBeNull();
  });

  it('fetches again after a reconnection, and is live again', async () => {
    await render();
    socket.drop();
    await fixture.whenStable();

    api.next = {
      kind: 'report',
      report: healthyReport({ timestamp: '2026-01-30T14:01:00.000Z' }),
    };
    socket.connectedState.set(true);
    socket.lostState.set(null);
    socket.reconnects.next();
    await fixture.whenStable();

    expect(api.calls).toBe(2);
    expect(query('live-indicator')?.getAttribute('data-connected')).toBe('true');
    expect(states()).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(query('overall-status')?.getAttribute('data-status')).toBe('healthy');
  });

  it('counts the seconds since the last report', async () => {
    await render();
    expect(query('updated-ago')?.textContent?.trim()).toBe('0 s ago');

    for (let i = 0; i < 40 && query('updated-ago')?.textContent?.trim() === '0 s ago'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await fixture.whenStable();
    }

    expect(query('updated-ago')?.textContent?.trim()).toMatch(/^[1-3] s ago$/);
  });

  it('draws a sparkline per check from the recorded changes', async () => {
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    api.history = [
      {
        occurredAt: at(30),
        status: 'healthy',
        database: 'OK',
        redis: 'OK',
        diskHealthy: true,
        memoryHealthy: true,
        errors: [],
      },
      {
        occurredAt: at(60),
        status: 'unhealthy',
        database: 'ERROR',
        redis: 'OK',
        diskHealthy: true,
        memoryHealthy: true,
        errors: ['database: down'],
      },
    ];
    await render();

    const database = query('sparkline-database')?.querySelector('svg');
    expect(database?.getAttribute('aria-label')).toBe('Database over the last 1 hour: 1 outage');
    expect(database?.querySelectorAll('rect.failing').length).toBe(1);
    expect(query('sparkline-redis')).not.toBeNull();
    expect(query('sparkline-overall')).not.toBeNull();
    expect(query('sparkline-api')).toBeNull();
  });

  it('draws no sparklines when the history cannot be read', async () => {
    api.history = null;
    await render();

    expect(query('sparkline-database')).toBeNull();
    expect(query('sparkline-overall')).toBeNull();
  });
});
