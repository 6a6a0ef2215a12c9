import { CanDeactivateFn } from '@angular/router';

/** A page that may hold changes not yet saved. */
export interface HoldsUnsavedChanges {
  hasUnsavedChanges(): boolean;
}

export const LEAVE_UNSAVED = 'You have unsaved changes in this file. Leave and lose them?';

/** Leaving a page with unsaved changes asks first (kept apart so the routes stay lazy). */
export const unsavedChangesGuard: CanDeactivateFn<HoldsUnsavedChanges> = (page) =>
  !page.hasUnsavedChanges() || window.confirm(LEAVE_UNSAVED);
