import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type {
  HostPoint,
  HostSample,
  HostSeries,
  LiveAnswer,
  ServerEventName,
  ServerEventPayload,
} from '@hyperion/contracts';
import { HOST_ROUTES, hostLiveTopic } from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';
import { Observable, Subject } from 'rxjs';

import { host, rawPoint, sample } from '../testing/host-fixtures';
import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { HostDashboardPage } from './host-dashboard-page';

const HOST = host({ id: 'h-1', name: 'web-1' });
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

/** The socket as the dashboard uses it: the connection state, followed topics, host samples. */
class FakeSocket {
  readonly connected = signal(true);
  readonly lostSince = signal<Date | null>(null);
  readonly reconnects = new Subject<void>();
  readonly reconnected$ = this.reconnects.asObservable();
  readonly answers = new Subject<LiveAnswer>();
  readonly samples = new Subject<HostSample>();
  readonly followed: string[] = [];

  follow(topic: string): Observable<LiveAnswer> {
    this.followed.push(topic);
    return this.answers.asObservable();
  }

  on<E extends ServerEventName>(event: E): Observable<ServerEventPayload<E>> {
    if (event !== 'host:sample') throw new Error(`unexpected event ${event}`);
    return this.samples.asObservable() as unknown as Observable<ServerEventPayload<E>>;
  }
}

function series(points: HostPoint[], resolution: HostSeries['resolution'] = 'raw'): HostSeries {
  return {
    hostId: HOST.id,
    resolution,
    stepSeconds: resolution === 'raw' ? 15 : 60,
    from: secondsAgo(900),
    to: new Date().toISOString(),
    points,
  };
}

describe('HostDashboardPage', { timeout: 60_000 }, () => {
  let page: PageHarness<HostDashboardPage>;
  let socket: FakeSocket;

  /** The text summary a chart gives of its lines ("CPU: 2 points from …"). */
  const summary = (testId: string) =>
    page.find(testId)?.querySelector('[data-testid="chart-summary"]')?.textContent ?? '';
  const samplesAsked = () => page.backend.expectOne((r) => r.url === HOST_ROUTES.samples(HOST.id));

  async function open(
    points: HostPoint[] = [
      rawPoint(sample(secondsAgo(30), 10)),
      rawPoint(sample(secondsAgo(15), 20)),
    ],
  ): Promise<void> {
    socket = new FakeSocket();
    TestBed.overrideProvider(SocketService, { useValue: socket });
    page = await openPage(HostDashboardPage, { inputs: { id: HOST.id } });
    page.backend.expectOne(HOST_ROUTES.item(HOST.id)).flush(HOST);
    const asked = samplesAsked();
    expect(asked.request.params.get('resolution')).toBe('raw');
    const from = Date.parse(asked.request.params.get('from') ?? '');
    expect(Math.abs(Date.now() - 15 * 60_000 - from)).toBeLessThan(5_000);
    asked.flush(series(points));
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('shows the host, its uptime and thresholds, and its charts with the thresholds as lines', async () => {
    await open();

    expect(page.text('host-dashboard-name')).toBe('web-1');
    expect(page.text('host-dashboard-state')).toBe('Up');
    expect(page.text('host-dashboard-uptime')).toBe('3 d 4 h');
    expect(page.text('host-dashboard-thresholds')).toBe(
      'CPU 80 %, memory 85 %, disk 90 % for 300 s',
    );
    expect(summary('host-chart-cpu')).toMatch(
      /^CPU: 2 points from .+; lowest 10 %, highest 20 %, latest 20 %\. Alert above 80 %: \d+ points .+ latest 80 %\.$/,
    );
    expect(summary('host-chart-memory')).toMatch(
      /^Memory: 2 points.+ Swap: 2 points.+ Alert above 85 %/,
    );
    expect(summary('host-chart-disk')).toMatch(
      /^\/var: 2 points.+ \/: 2 points.+ Alert above 90 %/,
    );
    expect(summary('host-chart-network-eth0')).toMatch(
      /^Received: 2 points.+latest 2 KiB\/s.+ Sent: 2 points/,
    );
    expect(page.find('host-chart-load')?.querySelector('svg')?.getAttribute('aria-label')).toBe(
      'Load average of web-1, last 15 minutes, live',
    );
  });

  it('follows the host live and adds each of its samples to the charts without a reload', async () => {
    await open();
    expect(socket.followed).toEqual([hostLiveTopic(HOST.id)]);

    socket.samples.next({ ...sample(new Date().toISOString(), 55), hostId: HOST.id });
    // Another host's sample, a moment later: not this host's chart.
    socket.samples.next({
      ...sample(new Date(Date.now() + 1000).toISOString(), 99),
      hostId: 'another-host',
    });
    await page.stable();

    expect(summary('host-chart-cpu')).toMatch(/^CPU: 3 points .+ latest 55 %\./);
    page.backend.expectNone((r) => r.url === HOST_ROUTES.samples(HOST.id));

    // The host was up: its state is not asked for again.
    page.backend.expectNone(HOST_ROUTES.item(HOST.id));
  });

  it('asks for the state again when a sample arrives from a host shown pending', async () => {
    socket = new FakeSocket();
    TestBed.overrideProvider(SocketService, { useValue: socket });
    page = await openPage(HostDashboardPage, { inputs: { id: HOST.id } });
    page.backend
      .expectOne(HOST_ROUTES.item(HOST.id))
      .flush({ ...HOST, state: 'pending', lastSampleAt: null, latest: null });
    samplesAsked().flush(series([]));
    await page.stable();
    expect(page.text('host-dashboard-state')).toBe('Pending');

    socket.samples.next({ ...sample(new Date().toISOString(), 12), hostId: HOST.id });
    await page.stable();
    page.backend.expectOne(HOST_ROUTES.item(HOST.id)).flush(HOST);
    await page.stable();
    expect(page.text('host-dashboard-state')).toBe('Up');
    expect(summary('host-chart-cpu')).toMatch(/^CPU: 1 points/);
  });

  it('says "Live", or since when it is stale and why', async () => {
    await open();
    const live = () => page.find('host-dashboard-live');
    expect(live()?.textContent).toContain('Connecting to live updates…');

    socket.answers.next({ ok: true });
    await page.stable();
    expect(live()?.getAttribute('data-live')).toBe('true');
    expect(page.text('host-dashboard-live')).toBe('Live');

    socket.connected.set(false);
    socket.lostSince.set(new Date(Date.now() - 150_000));
    await page.stable();
    expect(live()?.getAttribute('data-live')).toBe('false');
    expect(page.text('host-dashboard-live')).toMatch(
      /^Stale since \d\d:\d\d:\d\d \(2 min ago\): live updates lost, reconnecting…$/,
    );

    socket.connected.set(true);
    socket.lostSince.set(null);
    socket.answers.next({ ok: false, error: 'topic: needs monitoring:read' });
    await page.stable();
    expect(page.text('host-dashboard-live')).toBe('No live updates: topic: needs monitoring:read');
  });

  it('fills what was missed after a reconnection from the history', async () => {
    await open();
    socket.reconnects.next();
    await page.stable();
    samplesAsked().flush(
      series([rawPoint(sample(secondsAgo(45), 5)), rawPoint(sample(secondsAgo(5), 6))]),
    );
    await page.stable();
    expect(summary('host-chart-cpu')).toMatch(/^CPU: 2 points .+ latest 6 %\./);
  });

  it('loads a longer range from the history at the resolution the API picks', async () => {
    await open();

    page.find('host-range-24h')?.querySelector('button')?.click();
    await page.stable();
    const asked = samplesAsked();
    expect(asked.request.params.get('resolution')).toBe('auto');
    const from = Date.parse(asked.request.params.get('from') ?? '');
    expect(Math.abs(Date.now() - 24 * 3_600_000 - from)).toBeLessThan(5_000);
    const rollup = (at: string, cpu: number): HostPoint => ({
      ...rawPoint(sample(at, cpu)),
      samples: 4,
      sample: null,
      max: {
        cpuPercent: cpu,
        memoryPercent: 30,
        diskPercent: 90,
        rxBytesPerSecond: 1,
        txBytesPerSecond: 1,
      },
    });
    asked.flush({
      ...series([rollup(secondsAgo(120), 30), rollup(secondsAgo(60), 40)], '1m'),
      from: secondsAgo(86_400),
    });
    await page.stable();

    expect(page.text('host-dashboard-resolution')).toBe('Averages per minute');
    expect(summary('host-chart-load')).toMatch(/^1 min \(average\): 2 points/);
    expect(page.find('host-chart-network-All interfaces')).not.toBeNull();
    expect(summary('host-chart-disk')).toMatch(/^Fullest disk: 2 points/);

    // History is not live: a sample arriving now is not drawn among the averages.
    socket.samples.next({ ...sample(new Date().toISOString(), 77), hostId: HOST.id });
    await page.stable();
    expect(summary('host-chart-cpu')).toMatch(/^CPU: 2 points .+ latest 40 %\./);
  });

  it('says what failed when the host cannot be loaded', async () => {
    socket = new FakeSocket();
    TestBed.overrideProvider(SocketService, { useValue: socket });
    page = await openPage(HostDashboardPage, { inputs: { id: HOST.id } });
    page.backend.expectOne(HOST_ROUTES.item(HOST.id)).flush(...refusal(404, 'Host not found'));
    samplesAsked().flush(...refusal(404, 'Host not found'));
    await page.stable();

    expect(page.text('host-dashboard-error')).toBe(
      'The host could not be loaded. Host not found Retry',
    );
    expect(page.find('host-dashboard-name')).toBeNull();
  });
});
