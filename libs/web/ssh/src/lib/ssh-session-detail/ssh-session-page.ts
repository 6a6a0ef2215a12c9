import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { SshSessionCommand, SshSessionDetail } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { apiErrorMessage, busyFlag, loadResource, localTime } from '@hyperion/web/util';
import type { Player } from 'asciinema-player';

import { loadStyleSheet } from '../lazy-style';
import { offsetText, sessionDuration, sessionStateText } from '../ssh-format';
import { SshSessionApi } from '../ssh-session-api';

/** "web-1-2026-01-30T14-00-00Z.cast": a file name a person recognises later. */
function castFileName(session: SshSessionDetail): string {
  const host = session.hostName.replace(/[^A-Za-z0-9._-]+/g, '-') || 'session';
  const at = session.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  return `${host}-${at}.cast`;
}

/**
 * One terminal session (`/ssh/sessions/:id`): its replay (asciinema-player, the recording
 * fetched with the session's token), the commands typed in it (a click jumps the replay to
 * that moment), and the recording to download. A live session of the user can be attached to.
 */
@Component({
  selector: 'hyp-ssh-session-page',
  imports: [MatButtonModule, MatProgressBarModule, RouterLink],
  templateUrl: './ssh-session-page.html',
  styleUrl: './ssh-session-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SshSessionPage {
  private readonly api = inject(SshSessionApi);
  private readonly auth = inject(AuthService);
  private readonly destroyRef = inject(DestroyRef);

  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly localTime = localTime;
  protected readonly offsetText = offsetText;
  protected readonly sessionDuration = sessionDuration;
  protected readonly sessionStateText = sessionStateText;

  protected readonly load = loadResource<SshSessionDetail | null>({
    load: () => this.api.get(untracked(this.id)),
    initial: null,
    errorMessage: 'The terminal session could not be loaded.',
  });
  protected readonly session = computed(() => this.load.value());
  protected readonly recording = loadResource<string | null>({
    load: () => this.api.recording(untracked(this.id)),
    initial: null,
    errorMessage: 'The recording could not be loaded.',
  });
  protected readonly canAttach = computed(() => {
    const session = this.session();
    return session?.state === 'live' && session.userId === this.auth.currentUser()?.id;
  });

  private readonly playerHost = viewChild<ElementRef<HTMLElement>>('player');
  private player: Player | null = null;
  protected readonly playerError = signal<string | null>(null);
  protected readonly playerReady = signal(false);
  /** The command last jumped to. */
  protected readonly current = signal<string | null>(null);

  protected readonly downloading = busyFlag();
  protected readonly downloadError = signal<string | null>(null);

  constructor() {
    // The player is made once the session (its size, its commands) and the recording are in.
    effect(() => {
      const session = this.session();
      const cast = this.recording.value();
      const host = this.playerHost()?.nativeElement;
      if (session && cast !== null && host && !this.player) {
        untracked(() => void this.createPlayer(host, session, cast));
      }
    });
    this.destroyRef.onDestroy(() => {
      this.player?.dispose();
      this.player = null;
    });
  }

  /** Jumps the replay to the moment the command was typed, and plays on from there. */
  protected jump(command: SshSessionCommand): void {
    this.current.set(command.id);
    const player = this.player;
    if (!player) return;
    void (async () => {
      await player.seek(command.offsetSeconds);
      await player.play();
    })().catch(() => undefined);
  }

  /** Saves the recording (fetched with the session's token, then handed to the browser). */
  protected download(): void {
    const session = this.session();
    if (!session || this.downloading.active()) return;
    this.downloadError.set(null);
    this.downloading
      .track(this.api.recordingFile(session.id))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (blob) => {
          const url = URL.createObjectURL(blob);
          const link = document.createElement('a');
          link.href = url;
          link.download = castFileName(session);
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10_000);
        },
        error: (error: unknown) =>
          this.downloadError.set(apiErrorMessage(error, 'The recording could not be downloaded.')),
      });
  }

  private async createPlayer(
    host: HTMLElement,
    session: SshSessionDetail,
    cast: string,
  ): Promise<void> {
    try {
      const [AsciinemaPlayer] = await Promise.all([
        import('asciinema-player'),
        loadStyleSheet('asciinema-player'),
      ]);
      if (this.player || !host.isConnected) return;
      this.player = AsciinemaPlayer.create({ data: cast }, host, {
        cols: session.cols,
        rows: session.rows,
        fit: 'width',
        // Long pauses (someone reading) are shortened to 2 s in the replay.
        idleTimeLimit: 2,
        preload: true,
        markers: session.commands.map((c) => [c.offsetSeconds, c.command] as [number, string]),
        terminalFontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
        // What fails inside the player (after create) is shown, not only logged.
        logger: {
          log: () => undefined,
          debug: () => undefined,
          info: () => undefined,
          warn: () => undefined,
          error: (...args: unknown[]) =>
            this.playerError.set(
              `The replay could not be shown: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`,
            ),
        },
      });
      this.playerReady.set(true);
    } catch (error) {
      this.playerError.set(
        `The replay could not be shown: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
