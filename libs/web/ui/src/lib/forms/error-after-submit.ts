import { Provider } from '@angular/core';
import { AbstractControl, FormGroupDirective, NgForm } from '@angular/forms';
import { ErrorStateMatcher } from '@angular/material/core';

/**
 * Field errors appear only once the person tried to submit the form, not while they type or
 * when they move from one empty field to the next; after that, they follow the value live.
 */
export class ErrorAfterSubmitMatcher implements ErrorStateMatcher {
  isErrorState(control: AbstractControl | null, form: FormGroupDirective | NgForm | null): boolean {
    return !!(control && control.invalid && form?.submitted);
  }
}

/** In a component's `providers`: its Material form fields show errors after the first submit. */
export const errorsAfterSubmit: Provider = {
  provide: ErrorStateMatcher,
  useClass: ErrorAfterSubmitMatcher,
};
