import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { Autofocus } from './autofocus';
import { errorsAfterSubmit } from './error-after-submit';

@Component({
  imports: [Autofocus, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  providers: [errorsAfterSubmit],
  template: `
    <form [formGroup]="form" (ngSubmit)="(0)">
      <mat-form-field>
        <mat-label>Name</mat-label>
        <input matInput hypAutofocus formControlName="name" data-testid="name" />
        <mat-error>Enter a name.</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Email</mat-label>
        <input matInput formControlName="email" data-testid="email" />
      </mat-form-field>
      <button type="submit" data-testid="submit">Save</button>
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class Host {
  readonly form = inject(NonNullableFormBuilder).group({
    name: ['', Validators.required],
    email: [''],
  });
}

describe('form helpers', () => {
  it('focus the first field, and show its error only after the first submit', async () => {
    const fixture = TestBed.createComponent(Host);
    document.body.appendChild(fixture.nativeElement);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const name = element.querySelector<HTMLInputElement>('[data-testid="name"]');
    const errorShown = () => element.textContent?.includes('Enter a name.') ?? false;

    expect(document.activeElement).toBe(name);

    name?.dispatchEvent(new Event('blur'));
    element.querySelector<HTMLInputElement>('[data-testid="email"]')?.focus();
    await fixture.whenStable();
    expect(errorShown()).toBe(false);

    element.querySelector<HTMLButtonElement>('[data-testid="submit"]')?.click();
    await fixture.whenStable();
    expect(errorShown()).toBe(true);

    if (name) {
      name.value = 'Ada';
      name.dispatchEvent(new Event('input'));
    }
    await fixture.whenStable();
    expect(errorShown()).toBe(false);
    fixture.nativeElement.remove();
  });
});
