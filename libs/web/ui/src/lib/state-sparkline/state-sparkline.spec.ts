import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { StateSegment, StateSparkline, sparklinePath } from './state-sparkline';

@Component({
  imports: [StateSparkline],
  template: `<hyp-state-sparkline [segments]="segments()" label="Database: 1 outage" />`,
})
class Host {
  readonly segments = signal<StateSegment[]>([
    { start: 0, end: 0.5, ok: true },
    { start: 0.5, end: 0.75, ok: false },
    { start: 0.75, end: 1, ok: true },
  ]);
}

describe('StateSparkline', () => {
  it('draws a step line, low while failing, over a red band, named in words', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const svg = (fixture.nativeElement as HTMLElement).querySelector('svg');

    expect(svg?.getAttribute('role')).toBe('img');
    expect(svg?.getAttribute('aria-label')).toBe('Database: 1 outage');
    expect(svg?.querySelector('path')?.getAttribute('d')).toBe('M0 5 H60 V19 H90 V5 H120');
    const bands = svg?.querySelectorAll('rect.failing') ?? [];
    expect(bands.length).toBe(1);
    expect(bands[0].getAttribute('x')).toBe('60');
    expect(bands[0].getAttribute('width')).toBe('30');
  });

  it('leaves a gap where nothing is known', () => {
    expect(
      sparklinePath([
        { start: 0.25, end: 0.5, ok: true },
        { start: 0.75, end: 1, ok: false },
      ]),
    ).toBe('M30 5 H60 M90 19 H120');
    expect(sparklinePath([])).toBe('');
  });
});
