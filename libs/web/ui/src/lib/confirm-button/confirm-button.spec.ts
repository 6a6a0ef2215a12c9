import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { ConfirmButton } from './confirm-button';

@Component({
  imports: [ConfirmButton],
  template: `<hyp-confirm-button
    label="Revoke"
    confirmLabel="Really revoke?"
    testId="revoke"
    (confirmed)="confirmed.set(confirmed() + 1)"
  />`,
})
class Host {
  readonly confirmed = signal(0);
}

describe('ConfirmButton', () => {
  const setup = async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const main = () => el.querySelector<HTMLButtonElement>('[data-testid="revoke"]');
    const buttons = () => Array.from(el.querySelectorAll('button'));
    const click = async (b: HTMLButtonElement | null | undefined) => {
      b?.click();
      await fixture.whenStable();
    };
    return { fixture, main, buttons, click };
  };

  it('asks on the first click and acts on the second', async () => {
    const { fixture, main, click } = await setup();
    expect(main()?.textContent?.trim()).toBe('Revoke');
    await click(main());
    expect(main()?.textContent?.trim()).toBe('Really revoke?');
    expect(fixture.componentInstance.confirmed()).toBe(0);
    await click(main());
    expect(fixture.componentInstance.confirmed()).toBe(1);
    expect(main()?.textContent?.trim()).toBe('Revoke');
  });

  it('"Keep" cancels without acting', async () => {
    const { fixture, main, buttons, click } = await setup();
    await click(main());
    await click(buttons().find((b) => b.textContent?.trim() === 'Keep'));
    expect(main()?.textContent?.trim()).toBe('Revoke');
    expect(buttons()).toHaveLength(1);
    expect(fixture.componentInstance.confirmed()).toBe(0);
  });
});
