import { HttpStatusCode } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { AuthApi, AuthService } from '@hyperion/web/auth-data';
import { ConfirmButton } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag, errorStatus, loadResource } from '@hyperion/web/util';

import { SessionView, sessionViews } from './session-view';

/**
 * The user's signed-in sessions (browsers and devices): where, since when, last active, which
 * one is this. Any other session can be signed out, or all of them at once ("sign out everywhere
 * else"), each after a confirming second click; the API ends them at once (their tabs and live
 * connections included).
 */
@Component({
  selector: 'hyp-sessions-card',
  imports: [ConfirmButton, MatButtonModule, MatCardModule, MatProgressBarModule],
  templateUrl: './sessions-card.html',
  styleUrl: './sessions-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionsCard {
  private readonly api = inject(AuthApi);
  private readonly auth = inject(AuthService);

  protected readonly sessions = loadResource({
    load: () => this.api.sessions(),
    initial: [],
    errorMessage: 'Your sessions could not be loaded.',
  });
  protected readonly busy = busyFlag();
  /** What went wrong with the last sign-out, or null. */
  protected readonly actionError = signal<string | null>(null);
  /** What the last sign-out did, or null. */
  protected readonly done = signal<string | null>(null);

  protected readonly views = computed<SessionView[]>(() =>
    sessionViews(this.sessions.value(), (id) => this.organizationName(id)),
  );
  protected readonly others = computed(() => this.views().filter((s) => !s.current).length);
  protected readonly confirmOthers = computed(() => {
    const count = this.others();
    return `Really sign out ${count} other session${count === 1 ? '' : 's'}?`;
  });

  protected signOut(session: SessionView): void {
    this.actionError.set(null);
    this.done.set(null);
    this.busy.track(this.api.revokeSession(session.id)).subscribe({
      next: () => {
        this.sessions.update((list) => list.filter((s) => s.id !== session.id));
        this.done.set(`Signed out ${session.device}.`);
      },
      error: (error: unknown) => {
        if (errorStatus(error) === HttpStatusCode.NotFound) {
          // Ended meanwhile (expired, or signed out elsewhere): the list was out of date.
          this.done.set(`${session.device} was already signed out.`);
          this.sessions.reload();
          return;
        }
        this.actionError.set(apiErrorMessage(error, `${session.device} could not be signed out.`));
      },
    });
  }

  protected signOutOthers(): void {
    const count = this.others();
    this.actionError.set(null);
    this.done.set(null);
    this.busy.track(this.api.revokeOtherSessions()).subscribe({
      next: () => {
        this.sessions.update((list) => list.filter((s) => s.current));
        this.done.set(
          `Signed out everywhere else (${count} other session${count === 1 ? '' : 's'}).`,
        );
      },
      error: (error: unknown) =>
        this.actionError.set(apiErrorMessage(error, 'The other sessions could not be signed out.')),
    });
  }

  private organizationName(id: string): string | null {
    return this.auth.organizations().find((o) => o.id === id)?.name ?? null;
  }
}
