import { Directive, ElementRef, afterNextRender, inject, input } from '@angular/core';

/**
 * Focuses its element once it is rendered: put on the first field of a form, so a person can
 * type at once (`<input hypAutofocus …>`), also when the form appears later (a second step).
 * `[hypAutofocus]="false"` leaves the focus where it is (a form embedded in a larger page).
 */
@Directive({ selector: '[hypAutofocus]' })
export class Autofocus {
  readonly hypAutofocus = input(true, { transform: (value: boolean | '') => value !== false });

  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender(() => {
      if (this.hypAutofocus()) {
        element.focus();
      }
    });
  }
}
