import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { ConnectionBanner } from './connection-banner';

@Component({
  imports: [ConnectionBanner],
  template: `<hyp-connection-banner [since]="since()" />`,
})
class Host {
  readonly since = signal(new Date('2026-11-22T10:05:00Z'));
}

describe('ConnectionBanner', () => {
  it('says live updates are paused, and since when, as a status message', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const banner = (fixture.nativeElement as HTMLElement).querySelector('hyp-connection-banner');

    expect(banner?.getAttribute('role')).toBe('status');
    expect(banner?.textContent).toContain('Live updates paused — reconnecting…');
    expect(banner?.querySelector('time')?.getAttribute('datetime')).toBe(
      '2026-11-22T10:05:00.000Z',
    );
  });
});
