import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { StatusBadge, StatusTone } from './status-badge';

@Component({
  imports: [StatusBadge],
  template: `<hyp-status-badge [tone]="tone()" [label]="label()" />`,
})
class Host {
  readonly tone = signal<StatusTone>('ok');
  readonly label = signal<string | undefined>(undefined);
}

describe('StatusBadge', () => {
  async function render() {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const badge = (fixture.nativeElement as HTMLElement).querySelector(
      'hyp-status-badge',
    ) as HTMLElement;
    return { fixture, badge };
  }

  it('shows a green OK chip for the ok tone', async () => {
    const { badge } = await render();

    expect(badge.textContent?.trim()).toBe('OK');
    expect(badge.classList).toContain('hyp-status-badge--ok');
    expect(badge.classList).not.toContain('hyp-status-badge--error');
    expect(badge.getAttribute('data-tone')).toBe('ok');
  });

  it('turns red with an ERROR label when the tone becomes error', async () => {
    const { fixture, badge } = await render();

    fixture.componentInstance.tone.set('error');
    await fixture.whenStable();

    expect(badge.textContent?.trim()).toBe('ERROR');
    expect(badge.classList).toContain('hyp-status-badge--error');
    expect(badge.classList).not.toContain('hyp-status-badge--ok');
  });

  it('prefers an explicit label over the default one', async () => {
    const { fixture, badge } = await render();

    fixture.componentInstance.tone.set('neutral');
    fixture.componentInstance.label.set('Checking');
    await fixture.whenStable();

    expect(badge.textContent?.trim()).toBe('Checking');
    expect(badge.getAttribute('data-tone')).toBe('neutral');
  });
});
