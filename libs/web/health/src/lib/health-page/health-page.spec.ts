import { Signal, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HealthReport, ServerEventName, ServerEventPayload } from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';
import { Observable, Subject, of } from 'rxjs';

import { HealthApi, HealthResult } from '../health-api';
import { healthyReport } from '../health-report.fixture';
import { HealthPage } from './health-page';

class FakeSocketService implements Pick<SocketService, 'on' | 'reconnected$'> {
  readonly connectedState = signal(true);
  readonly connected: Signal<boolean> = this.connectedState;
  readonly reconnects = new Subject<void>();
  readonly reconnected$ = this.reconnects.asObservable();
  readonly healthStatus = new Subject<HealthReport>();

  on<E extends ServerEventName>(event: E): Observable<ServerEventPayload<E>> {
    if (event !== 'health:status') {
      throw new Error(`unexpected event ${event}`);
    }
    return this.healthStatus.asObservable();
  }
}

class FakeHealthApi implements Pick<HealthApi, 'getReport'> {
  next: HealthResult = { kind: 'report', report: healthyReport() };
  calls = 0;

  getReport(): Observable<HealthResult> {
    this.calls++;
    return of(this.next);
  }
}

describe('HealthPage', () => {
  let socket: FakeSocketService;
  let api: FakeHealthApi;
  let fixture: ComponentFixture<HealthPage>;

  const query = (testId: string): HTMLElement | null =>
    (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`);

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(HealthPage);
    await fixture.whenStable();
  }

  beforeEach(() => {
    socket = new FakeSocketService();
    api = new FakeHealthApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: HealthApi, useValue: api },
      ],
    });
  });

  it('renders the fetched report: overall status, one card per dependency, live indicator', async () => {
    await render();

    const overall = query('overall-status');
    expect(overall?.getAttribute('data-status')).toBe('healthy');
    expect(overall?.textContent).toContain('healthy');
    for (const dep of ['api', 'database', 'redis', 'disk', 'memory']) {
      expect(query(`dep-${dep}`)?.getAttribute('data-state')).toBe('OK');
    }
    expect(query('dep-database')?.textContent).toContain('PostgreSQL');
    expect(query('dep-disk')?.textContent).toContain('42.5 %');
    expect(query('dep-memory')?.textContent).toContain('180 MiB');
    expect(query('health-errors')).toBeNull();
    expect(query('live-indicator')?.getAttribute('data-connected')).toBe('true');
    expect(query('last-updated')?.querySelector('time')?.getAttribute('datetime')).toBe(
      '2026-01-30T14:00:00.000Z',
    );
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

  it('follows the connection state and fetches again after a reconnection', async () => {
    await render();

    socket.connectedState.set(false);
    await fixture.whenStable();
    expect(query('live-indicator')?.getAttribute('data-connected')).toBe('false');

    api.next = {
      kind: 'report',
      report: healthyReport({
        redis: 'ERROR',
        status: 'unhealthy',
        timestamp: '2026-01-30T14:01:00.000Z',
      }),
    };
    socket.connectedState.set(true);
    socket.reconnects.next();
    await fixture.whenStable();

    expect(api.calls).toBe(2);
    expect(query('live-indicator')?.getAttribute('data-connected')).toBe('true');
    expect(query('dep-redis')?.getAttribute('data-state')).toBe('ERROR');
  });

  it('says the API is unreachable when the fetch gets no report', async () => {
    api.next = {
      kind: 'unreachable',
      reason: 'The API did not answer (network error).',
    };
    await render();

    const overall = query('overall-status');
    expect(overall?.getAttribute('data-status')).toBe('unhealthy');
    expect(overall?.textContent).toContain('API unreachable');
    expect(query('dep-api')).toBeNull();
  });
});
