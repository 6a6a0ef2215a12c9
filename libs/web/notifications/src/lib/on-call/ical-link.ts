import { Clipboard } from '@angular/cdk/clipboard';
import { DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  Injectable,
  inject,
  input,
  output,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { busyFlag } from '@hyperion/web/util';
import { Observable, filter, map, tap } from 'rxjs';

import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';

/** The feed's full address: the API answers its path, calendar apps need the origin too. */
export function icalAddress(path: string, origin: string): string {
  return /^https?:\/\//i.test(path) ? path : `${origin.replace(/\/$/, '')}${path}`;
}

/**
 * What can be done with a contact's or a schedule's iCal feed: copy its address (anyone with it
 * sees the shifts, no sign-in) and replace it after a confirmation (the old address stops
 * working). Used by the calendar-link buttons and by the contacts' row menu.
 */
@Injectable({ providedIn: 'root' })
export class IcalLinks {
  private readonly clipboard = inject(Clipboard);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly origin = inject(DOCUMENT).location.origin;

  /** Copies the feed's full address, saying so (or showing it when there is no clipboard). */
  copy(path: string | undefined, name: string): void {
    if (!path) return;
    const address = icalAddress(path, this.origin);
    if (this.clipboard.copy(address)) {
      this.snackBar.open(
        `Calendar link of ${name} copied. Anyone with it can see the shifts: share it with care.`,
        undefined,
        { duration: 6000 },
      );
    } else {
      // No clipboard (an insecure origin, a refusal): the address to copy by hand.
      this.snackBar.open(`Copy this link by hand: ${address}`, 'Close');
    }
  }

  /**
   * Asks, then replaces the feed's token; emits the answer of the rotation (the contact or
   * schedule with its new link) once done, nothing when cancelled.
   */
  replace<T>(name: string, rotate: () => Observable<T>, testId: string): Observable<T> {
    let answer: T | undefined;
    const data: ConfirmDialogData = {
      title: `Replace the calendar link of ${name}?`,
      paragraphs: [
        'The current link stops working at once: calendars subscribed to it stop updating and must subscribe to the new one.',
        'Do this when the link was shared with someone who should no longer see the shifts.',
      ],
      confirmLabel: 'Replace the link',
      action: () => rotate().pipe(tap((result) => (answer = result))),
      errorFallback: 'The calendar link could not be replaced.',
      testId: `${testId}-rotate-dialog`,
    };
    return this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((done) => done === true && answer !== undefined),
        map(() => {
          this.snackBar.open(
            `New calendar link of ${name} made; the old one no longer works. Use “Copy calendar link” to share it.`,
            undefined,
            { duration: 6000 },
          );
          return answer as T;
        }),
      );
  }
}

/** The calendar-link buttons of a schedule: copy, and with the right to, "New link…". */
@Component({
  selector: 'hyp-ical-link',
  imports: [MatButtonModule],
  template: `
    <button
      matButton
      type="button"
      [disabled]="!path()"
      [attr.aria-label]="'Copy the calendar link of ' + name()"
      [attr.data-testid]="testId() + '-copy'"
      (click)="links.copy(path(), name())"
    >
      Copy calendar link
    </button>
    @if (rotate(); as rotate) {
      <button
        matButton
        type="button"
        [disabled]="busy.active()"
        [attr.aria-label]="'Replace the calendar link of ' + name()"
        [attr.data-testid]="testId() + '-rotate'"
        (click)="replace(rotate)"
      >
        New link…
      </button>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IcalLink<T> {
  protected readonly links = inject(IcalLinks);

  /** The feed's path as the API gives it (`icalUrl`). */
  readonly path = input.required<string | undefined>();
  /** Whose feed: "Alice Martin", "the schedule Ops". */
  readonly name = input.required<string>();
  /** The rotation request; left out (no notifications:write): no "New link…". */
  readonly rotate = input<(() => Observable<T>) | null>(null);
  readonly testId = input('ical');
  readonly rotated = output<T>();

  protected readonly busy = busyFlag();

  protected replace(rotate: () => Observable<T>): void {
    this.links
      .replace(this.name(), () => this.busy.track(rotate()), this.testId())
      .subscribe((answer) => this.rotated.emit(answer));
  }
}
