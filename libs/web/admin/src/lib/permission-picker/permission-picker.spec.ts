import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { AnyPermission, Permission } from '@hyperion/contracts';
import { PERMISSIONS } from '@hyperion/contracts';

import {
  NOT_HELD_HINT,
  PermissionPicker,
  permissionChoices,
  toggledPermissions,
} from './permission-picker';

@Component({
  imports: [PermissionPicker],
  template: `<hyp-permission-picker testIdPrefix="p-" [held]="held()" [(selected)]="selected" />`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class Host {
  readonly held = signal<readonly AnyPermission[]>(['alerts:read', 'alerts:ack', 'platform:admin']);
  readonly selected = signal<readonly Permission[]>(['alerts:read', 'ssh:exec']);
}

describe('PermissionPicker', () => {
  it('offers only the permissions the user holds', () => {
    const choices = permissionChoices(['ssh:exec'], ['alerts:read']);
    expect(choices.map((c) => c.permission)).toEqual([...PERMISSIONS]);
    expect(choices.filter((c) => !c.disabled).map((c) => c.permission)).toEqual(['alerts:read']);
    expect(choices.find((c) => c.permission === 'ssh:exec')).toEqual({
      permission: 'ssh:exec',
      checked: true,
      disabled: true,
    });
  });

  it("keeps the contracts' order whatever the click order", () => {
    expect(toggledPermissions(['audit:read'], 'alerts:read', true)).toEqual([
      'alerts:read',
      'audit:read',
    ]);
    expect(toggledPermissions(['alerts:read', 'audit:read'], 'alerts:read', false)).toEqual([
      'audit:read',
    ]);
  });

  it('disables the others with the hint, and toggles the held ones', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const input = (permission: string) =>
      element.querySelector<HTMLInputElement>(`[data-testid="p-${permission}"] input`);

    expect(input('alerts:ack')?.disabled).toBe(false);
    expect(input('ssh:exec')?.disabled).toBe(true);
    expect(input('ssh:exec')?.checked).toBe(true);
    expect(input('users:admin')?.disabled).toBe(true);
    expect(element.textContent).toContain(NOT_HELD_HINT);
    expect(element.querySelector('[data-testid="p-users:admin"]')?.getAttribute('title')).toBe(
      NOT_HELD_HINT,
    );

    input('alerts:ack')?.click();
    await fixture.whenStable();
    expect(fixture.componentInstance.selected()).toEqual(['alerts:read', 'alerts:ack', 'ssh:exec']);
  });

  it('shows no hint to someone who holds every permission', async () => {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.held.set([...PERMISSIONS]);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.textContent).not.toContain(NOT_HELD_HINT);
    expect(element.querySelectorAll('input:disabled').length).toBe(0);
  });
});
