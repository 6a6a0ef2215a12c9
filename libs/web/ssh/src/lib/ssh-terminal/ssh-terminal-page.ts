import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  OnInit,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { SshHostSummary, SshSessionEndReason, TerminalPrompt } from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';
import { loadResource } from '@hyperion/web/util';

import { targetText } from '../ssh-format';
import { SshHostApi } from '../ssh-host-api';
import { TerminalPromptData, TerminalPromptDialog } from './terminal-prompt-dialog';
import { TerminalStatus, TerminalTab, TerminalTabs } from './terminal-tabs';
import { TerminalView } from './terminal-view';

const STATUS_TEXT: Record<TerminalStatus, string> = {
  opening: 'Connecting…',
  attaching: 'Attaching to the session…',
  live: 'Live',
  reconnecting: 'Reconnecting: the connection to Hyperion dropped, what is shown may be stale',
  ended: 'Ended',
  failed: 'Could not connect',
};

const END_TEXT: Record<SshSessionEndReason, string> = {
  exited: 'The remote shell exited',
  closed: 'The session was closed',
  idle: 'The session ended after being idle',
  disconnected: 'The connection to the host dropped',
  failed: 'The session failed',
  shutdown: 'The Hyperion instance holding it stopped',
};

/**
 * Terminals on SSH hosts (`/ssh/terminal`), one tab per session, several at once. A session
 * lives on the API: a reload or a dropped connection attaches again and shows the scrollback.
 * `?host=<id>` opens a new tab on that host ("Open terminal" on the hosts pages), `?session=<id>`
 * attaches to a live session (the sessions page's "Attach"); the parameter is then removed, so
 * a reload does not open another.
 */
@Component({
  selector: 'hyp-ssh-terminal-page',
  imports: [MatButtonModule, MatFormFieldModule, MatSelectModule, RouterLink, TerminalView],
  providers: [TerminalTabs],
  templateUrl: './ssh-terminal-page.html',
  styleUrl: './ssh-terminal-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SshTerminalPage implements OnInit {
  private readonly api = inject(SshHostApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly terminals = inject(TerminalTabs);
  protected readonly socket = inject(SocketService);

  protected readonly targetText = targetText;

  protected readonly hosts = loadResource<SshHostSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The SSH hosts could not be loaded.',
  });
  /** The host chosen for the next "Open terminal". */
  protected readonly chosen = signal<string>('');
  protected readonly activeTab = computed(
    () => this.terminals.tabs().find((tab) => tab.key === this.terminals.active()) ?? null,
  );
  protected readonly search = signal('');
  protected readonly searchMiss = signal(false);
  /** The keyboard-interactive round shown, and its dialog. */
  private shownPrompt: {
    readonly prompt: TerminalPrompt;
    readonly ref: MatDialogRef<TerminalPromptDialog, string[] | null>;
  } | null = null;

  /** Query parameters (bound by the router): a host to open a tab on, its name for the tab. */
  readonly host = input<string>();
  readonly name = input<string>();
  /** A live session to attach a tab to. */
  readonly session = input<string>();

  constructor() {
    // Keyboard-interactive rounds, one dialog at a time, oldest first.
    // A round whose session ended meanwhile is no longer asked.
    effect(() => {
      const prompts = this.terminals.prompts();
      untracked(() => {
        const shown = this.shownPrompt;
        if (shown && !prompts.includes(shown.prompt)) {
          this.shownPrompt = null;
          shown.ref.close(undefined);
        }
        if (prompts[0] && !this.shownPrompt) this.ask(prompts[0]);
      });
    });
  }

  ngOnInit(): void {
    const hostId = this.host();
    const sessionId = this.session();
    if (hostId) this.terminals.open(hostId, this.name() ?? '');
    if (sessionId) this.terminals.attachExisting(sessionId);
    if (hostId || sessionId) {
      // Done: a reload must not open another tab.
      void this.router.navigate([], {
        relativeTo: this.route,
        queryParams: {},
        replaceUrl: true,
      });
    }
  }

  protected statusText(tab: TerminalTab): string {
    return STATUS_TEXT[tab.status()];
  }

  /** "The remote shell exited with code 0." and the server's own words, if any. */
  protected endText(tab: TerminalTab): string {
    const ended = tab.ended();
    if (!ended) return '';
    const code = ended.exitCode !== null ? ` with code ${ended.exitCode}` : '';
    const message = ended.message ? ` ${ended.message}` : '';
    return `${END_TEXT[ended.reason]}${code}.${message}`;
  }

  protected tabLabel(tab: TerminalTab): string {
    return tab.hostName() || 'Session';
  }

  protected openChosen(): void {
    const host = this.hosts.value().find((h) => h.id === this.chosen());
    if (host) this.terminals.open(host.id, host.name);
  }

  protected select(tab: TerminalTab): void {
    this.terminals.active.set(tab.key);
    queueMicrotask(() => tab.getScreen()?.focus());
  }

  /** Arrow keys, Home and End move between tabs (the WAI-ARIA tabs pattern); Delete closes one. */
  protected onTabKey(event: KeyboardEvent, index: number): void {
    const tabs = this.terminals.tabs();
    const moves: Record<string, number> = {
      ArrowRight: (index + 1) % tabs.length,
      ArrowLeft: (index - 1 + tabs.length) % tabs.length,
      Home: 0,
      End: tabs.length - 1,
    };
    if (event.key === 'Delete') {
      event.preventDefault();
      this.terminals.close(tabs[index]);
      const next = this.terminals.tabs()[Math.min(index, this.terminals.tabs().length - 1)];
      if (next) {
        queueMicrotask(() => document.getElementById(`ssh-terminal-tab-${next.key}`)?.focus());
      }
      return;
    }
    const target = moves[event.key];
    if (target === undefined || tabs.length === 0) return;
    event.preventDefault();
    this.terminals.active.set(tabs[target].key);
    queueMicrotask(() => document.getElementById(`ssh-terminal-tab-${tabs[target].key}`)?.focus());
  }

  protected close(tab: TerminalTab): void {
    this.terminals.close(tab);
  }

  protected reconnect(tab: TerminalTab): void {
    this.terminals.reconnect(tab);
  }

  protected find(backwards: boolean): void {
    const text = this.search();
    const screen = this.activeTab()?.getScreen();
    if (!text || !screen) return;
    this.searchMiss.set(!(backwards ? screen.findPrevious(text) : screen.findNext(text)));
  }

  private ask(prompt: TerminalPrompt): void {
    const data: TerminalPromptData = { prompt, hostName: this.terminals.hostNameOf(prompt) };
    const ref = this.dialog.open<TerminalPromptDialog, TerminalPromptData, string[] | null>(
      TerminalPromptDialog,
      { data, disableClose: true },
    );
    this.shownPrompt = { prompt, ref };
    ref
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((answers) => {
        // Closed because the session ended (undefined): nothing to answer.
        if (answers === undefined) return;
        this.shownPrompt = null;
        if (answers) this.terminals.answer(prompt, answers);
        else this.terminals.decline(prompt);
      });
  }
}
