import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type {
  SshHostSummary,
  SshSessionListQuery,
  SshSessionState,
  SshSessionSummary,
} from '@hyperion/contracts';
import { SSH_TERMINAL_PERMISSIONS, SSH_TERMINAL_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { loadResource, localTime } from '@hyperion/web/util';

import { sessionDuration, sessionStateText } from '../ssh-format';
import { SshHostApi } from '../ssh-host-api';
import { SshSessionApi } from '../ssh-session-api';

/**
 * Terminal sessions (`/ssh/sessions`), live and ended, newest first: on which host, by whom,
 * when, how long, how they ended and how many commands were typed. Filters by host, state and
 * the text of a command typed. Each opens its replay; a live session of the user can be attached
 * to from here. Users see their own sessions; ssh:admin sees everyone's.
 */
@Component({
  selector: 'hyp-ssh-sessions-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './ssh-sessions-page.html',
  styleUrl: './ssh-sessions-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SshSessionsPage {
  private readonly api = inject(SshSessionApi);
  private readonly hostApi = inject(SshHostApi);
  private readonly auth = inject(AuthService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly localTime = localTime;
  protected readonly sessionDuration = sessionDuration;
  protected readonly sessionStateText = sessionStateText;
  protected readonly columns = [
    'host',
    'user',
    'started',
    'duration',
    'state',
    'commands',
    'actions',
  ];

  protected readonly seesAll = computed(() =>
    this.auth.hasPermission(SSH_TERMINAL_PERMISSIONS.all),
  );

  protected readonly filters = this.fb.group({
    hostId: this.fb.control<string>(''),
    state: this.fb.control<SshSessionState | ''>(''),
    command: [''],
  });
  /** The filters the list shows (applied on submit). */
  private readonly applied = signal<SshSessionListQuery>({});

  protected readonly sessions = loadResource<SshSessionSummary[]>({
    load: () => this.api.list(untracked(this.applied)),
    initial: [],
    errorMessage: 'The terminal sessions could not be loaded.',
  });
  protected readonly hosts = loadResource<SshHostSummary[]>({
    load: () => this.hostApi.list(),
    initial: [],
    errorMessage: 'The SSH hosts could not be loaded.',
  });
  protected readonly filtered = computed(() => Object.keys(this.applied()).length > 0);

  protected apply(): void {
    const value = this.filters.getRawValue();
    const command = value.command.trim().slice(0, SSH_TERMINAL_RULES.commandMaxLength);
    this.applied.set({
      ...(value.hostId ? { hostId: value.hostId } : {}),
      ...(value.state ? { state: value.state } : {}),
      ...(command ? { command } : {}),
    });
    this.sessions.reload();
  }

  protected clear(): void {
    this.filters.reset({ hostId: '', state: '', command: '' });
    this.apply();
  }

  /** "You", the user's name, or a deleted user. */
  protected userText(session: SshSessionSummary): string {
    if (session.userId !== null && session.userId === this.auth.currentUser()?.id) return 'You';
    return session.username ?? 'A deleted user';
  }

  /** A live session of the signed-in user can be attached to in the terminal page. */
  protected canAttach(session: SshSessionSummary): boolean {
    return session.state === 'live' && session.userId === this.auth.currentUser()?.id;
  }
}
