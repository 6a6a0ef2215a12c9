import { DestroyRef, Injectable, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type {
  SshSessionSummary,
  TerminalAttachAnswer,
  TerminalEnded,
  TerminalPrompt,
} from '@hyperion/contracts';
import { SSH_TERMINAL_RULES } from '@hyperion/contracts';
import { SocketRequestError, SocketService } from '@hyperion/web/realtime';

/**
 * Where a tab stands: `opening` (connecting to the host, signing in), `attaching` (after a
 * reload, asking for the session and its scrollback), `live`, `reconnecting` (the connection to
 * Hyperion dropped: what is shown may be stale), `ended` (the session is over), `failed` (it
 * could not be opened or attached).
 */
export type TerminalStatus = 'opening' | 'attaching' | 'live' | 'reconnecting' | 'ended' | 'failed';

/** Why a tab could not be opened or attached: the API's words and status (403, 409 …). */
export interface TerminalProblem {
  readonly message: string;
  readonly status: number | null;
}

/** What the terminal view offers the tab: a screen to write to, its size, search. */
export interface TerminalScreen {
  reset(): void;
  write(data: Uint8Array): void;
  size(): { cols: number; rows: number };
  focus(): void;
  findNext(text: string): boolean;
  findPrevious(text: string): boolean;
}

/** A tab kept across reloads (sessionStorage: this browser tab only). */
interface StoredTab {
  readonly sessionId: string;
  readonly hostId: string;
  readonly hostName: string;
}

export const TERMINAL_STORAGE_KEY = 'hyperion.ssh.terminals';

/** How long opening may take: connecting, signing in, keyboard-interactive answers typed. */
const OPEN_TIMEOUT_MS = 180_000;
const DEFAULT_SIZE = { cols: 80, rows: 24 };
const MAX_EARLY_OUTPUT = SSH_TERMINAL_RULES.scrollbackBytes;

const bytes = (data: ArrayBuffer | Uint8Array | string): Uint8Array =>
  typeof data === 'string'
    ? new TextEncoder().encode(data)
    : data instanceof Uint8Array
      ? data
      : new Uint8Array(data);

let nextKey = 1;

/** One terminal tab: a session on a host, its state, and the screen showing it. */
export class TerminalTab {
  /** Local id of the tab (the session id is not known while opening). */
  readonly key = `t${nextKey++}`;
  readonly hostId = signal<string>('');
  readonly hostName = signal<string>('');
  /** `user@address:port`, once the API answered. */
  readonly target = signal<string | null>(null);
  readonly sessionId = signal<string | null>(null);
  readonly status = signal<TerminalStatus>('opening');
  readonly ended = signal<TerminalEnded | null>(null);
  readonly problem = signal<TerminalProblem | null>(null);
  private screen: TerminalScreen | null = null;
  /** Output that arrived before the screen existed, written once it does. */
  private early: Uint8Array[] = [];
  private earlyBytes = 0;

  constructor(hostId: string, hostName: string, sessionId: string | null = null) {
    this.hostId.set(hostId);
    this.hostName.set(hostName);
    this.sessionId.set(sessionId);
  }

  /** The view's screen: what arrived before it is written now. */
  attachScreen(screen: TerminalScreen | null): void {
    this.screen = screen;
    if (screen) {
      for (const chunk of this.early) screen.write(chunk);
      this.early = [];
      this.earlyBytes = 0;
    }
  }

  size(): { cols: number; rows: number } {
    return this.screen?.size() ?? DEFAULT_SIZE;
  }

  getScreen(): TerminalScreen | null {
    return this.screen;
  }

  reset(): void {
    this.early = [];
    this.earlyBytes = 0;
    this.screen?.reset();
  }

  write(data: ArrayBuffer | Uint8Array | string): void {
    const chunk = bytes(data);
    if (this.screen) {
      this.screen.write(chunk);
      return;
    }
    this.early.push(chunk);
    this.earlyBytes += chunk.byteLength;
    while (this.earlyBytes > MAX_EARLY_OUTPUT && this.early.length > 1) {
      this.earlyBytes -= this.early.shift()?.byteLength ?? 0;
    }
  }
}

/**
 * The terminal tabs of the page and their sessions on the API (provided by the terminal page).
 * A session lives on the server: the open tabs' session ids are kept in sessionStorage, and
 * after a reload or a dropped connection each tab attaches again, writes the scrollback the API
 * sends, then the live output. Keystrokes are sent only while a tab is live (never queued).
 */
@Injectable()
export class TerminalTabs {
  private readonly socket = inject(SocketService);
  private readonly storage: Storage | null =
    typeof sessionStorage === 'undefined' ? null : sessionStorage;

  readonly tabs = signal<readonly TerminalTab[]>([]);
  /** The key of the tab shown. */
  readonly active = signal<string | null>(null);
  /** Keyboard-interactive rounds waiting for the user, oldest first. */
  readonly prompts = signal<readonly TerminalPrompt[]>([]);
  /** Tabs with an open or attach under way: never two at once (two sessions for one tab). */
  private readonly asking = new WeakSet<TerminalTab>();

  constructor() {
    for (const stored of this.restore()) {
      const tab = new TerminalTab(stored.hostId, stored.hostName, stored.sessionId);
      tab.status.set('attaching');
      this.tabs.update((tabs) => [...tabs, tab]);
    }
    this.active.set(this.tabs()[0]?.key ?? null);

    this.socket
      .on('terminal:output')
      .pipe(takeUntilDestroyed())
      .subscribe(({ sessionId, data }) => {
        const tab = this.bySession(sessionId);
        // While an attach is under way its answer carries this output in the scrollback.
        if (tab?.status() === 'live') tab.write(data);
      });
    this.socket
      .on('terminal:ended')
      .pipe(takeUntilDestroyed())
      .subscribe((ended) => {
        const tab = this.bySession(ended.sessionId);
        if (tab) this.end(tab, ended);
        this.prompts.update((prompts) => prompts.filter((p) => p.sessionId !== ended.sessionId));
      });
    this.socket
      .on('terminal:prompt')
      .pipe(takeUntilDestroyed())
      .subscribe((prompt) => this.prompts.update((prompts) => [...prompts, prompt]));

    // On every connection (the first one, and after each drop) the tabs attach again.
    effect(() => {
      const connected = this.socket.connected();
      untracked(() => (connected ? this.resume() : this.suspend()));
    });

    inject(DestroyRef).onDestroy(() => {
      // Leaving the page: the sessions live on (until idle); another visit attaches again.
      for (const tab of this.tabs()) {
        const sessionId = tab.sessionId();
        if (sessionId && tab.status() === 'live') {
          this.socket.send('terminal:detach', { sessionId });
        }
      }
    });
  }

  /** A new tab with a new session on `hostId`. */
  open(hostId: string, hostName: string): TerminalTab {
    const tab = new TerminalTab(hostId, hostName);
    this.tabs.update((tabs) => [...tabs, tab]);
    this.active.set(tab.key);
    if (this.socket.connected()) void this.start(tab);
    return tab;
  }

  /** A tab on a session that already lives on the server (the sessions page's "Attach"). */
  attachExisting(sessionId: string): TerminalTab {
    const existing = this.bySession(sessionId);
    if (existing) {
      this.active.set(existing.key);
      return existing;
    }
    const tab = new TerminalTab('', '', sessionId);
    tab.status.set('attaching');
    this.tabs.update((tabs) => [...tabs, tab]);
    this.active.set(tab.key);
    if (this.socket.connected()) void this.attach(tab);
    return tab;
  }

  /** A new session on the same host, in the same tab (after it ended or failed). */
  reconnect(tab: TerminalTab): void {
    tab.reset();
    tab.sessionId.set(null);
    tab.ended.set(null);
    tab.problem.set(null);
    tab.status.set('opening');
    this.save();
    if (this.socket.connected()) void this.start(tab);
    else tab.status.set('reconnecting');
  }

  /** Ends the tab's session (the SSH channel is closed) and removes the tab. */
  close(tab: TerminalTab): void {
    const sessionId = tab.sessionId();
    if (sessionId && !['ended', 'failed'].includes(tab.status())) {
      this.socket.request('terminal:close', { sessionId }).catch(() => undefined);
    }
    const tabs = this.tabs();
    const index = tabs.indexOf(tab);
    const rest = tabs.filter((t) => t !== tab);
    this.tabs.set(rest);
    if (this.active() === tab.key) {
      this.active.set(rest[Math.min(index, rest.length - 1)]?.key ?? null);
    }
    this.save();
  }

  /** Keystrokes or a paste; dropped unless the tab is live. */
  input(tab: TerminalTab, data: string): void {
    const sessionId = tab.sessionId();
    if (sessionId && tab.status() === 'live') {
      this.socket.send('terminal:input', { sessionId, data });
    }
  }

  resize(tab: TerminalTab, cols: number, rows: number): void {
    const sessionId = tab.sessionId();
    if (sessionId && tab.status() === 'live') {
      this.socket.send('terminal:resize', { sessionId, cols, rows });
    }
  }

  /** The host a keyboard-interactive round is for (a session being opened has no id yet). */
  hostNameOf(prompt: TerminalPrompt): string | null {
    const tab =
      this.bySession(prompt.sessionId) ??
      (() => {
        const opening = this.tabs().filter((t) => t.status() === 'opening');
        return opening.length === 1 ? opening[0] : undefined;
      })();
    return tab?.hostName() || null;
  }

  /** Sends the answers of the oldest round (in the order of its prompts). */
  answer(prompt: TerminalPrompt, answers: string[]): void {
    this.prompts.update((prompts) => prompts.filter((p) => p !== prompt));
    this.socket
      .request('terminal:prompt-answer', { sessionId: prompt.sessionId, answers })
      .catch(() => undefined);
  }

  /** Declines to sign in: the session being opened is closed. */
  decline(prompt: TerminalPrompt): void {
    this.prompts.update((prompts) => prompts.filter((p) => p !== prompt));
    this.socket.request('terminal:close', { sessionId: prompt.sessionId }).catch(() => undefined);
  }

  private bySession(sessionId: string): TerminalTab | undefined {
    return this.tabs().find((tab) => tab.sessionId() === sessionId);
  }

  /** Connected (again): every tab with a session attaches; tabs waiting to open do now. */
  private resume(): void {
    for (const tab of this.tabs()) {
      const status = tab.status();
      if (tab.sessionId() && ['attaching', 'reconnecting', 'live'].includes(status)) {
        void this.attach(tab);
      } else if (!tab.sessionId() && ['opening', 'reconnecting'].includes(status)) {
        void this.start(tab);
      }
    }
  }

  /** The connection dropped: live tabs go stale until it returns. */
  private suspend(): void {
    for (const tab of this.tabs()) {
      if (tab.status() === 'live') tab.status.set('reconnecting');
    }
  }

  private async start(tab: TerminalTab): Promise<void> {
    if (this.asking.has(tab)) return;
    this.asking.add(tab);
    try {
      await this.openSession(tab);
    } finally {
      this.asking.delete(tab);
    }
  }

  private async attach(tab: TerminalTab): Promise<void> {
    if (this.asking.has(tab)) return;
    this.asking.add(tab);
    try {
      await this.reattach(tab);
    } finally {
      this.asking.delete(tab);
    }
  }

  private async openSession(tab: TerminalTab): Promise<void> {
    tab.status.set('opening');
    const { cols, rows } = tab.size();
    let answer: TerminalAttachAnswer;
    try {
      answer = await this.socket.request(
        'terminal:open',
        { hostId: tab.hostId(), cols, rows },
        OPEN_TIMEOUT_MS,
      );
    } catch (error) {
      this.fail(tab, error, 'The terminal could not be opened.');
      return;
    }
    if (!this.tabs().includes(tab)) {
      // Closed while opening: end the session the API made for it.
      if (answer.ok) {
        this.socket
          .request('terminal:close', { sessionId: answer.session.id })
          .catch(() => undefined);
      }
      return;
    }
    this.adopt(tab, answer);
  }

  private async reattach(tab: TerminalTab): Promise<void> {
    const sessionId = tab.sessionId();
    if (!sessionId) return;
    if (tab.status() === 'live') tab.status.set('reconnecting');
    let answer: TerminalAttachAnswer;
    try {
      answer = await this.socket.request('terminal:attach', { sessionId });
    } catch (error) {
      // A dropped connection attaches again when it returns; a timeout is shown.
      if (error instanceof SocketRequestError && error.reason !== 'timeout') return;
      this.fail(tab, error, 'The terminal could not be attached again.');
      return;
    }
    if (this.tabs().includes(tab)) this.adopt(tab, answer);
  }

  /** The answer to an open or an attach: the scrollback, then live output. */
  private adopt(tab: TerminalTab, answer: TerminalAttachAnswer): void {
    if (!answer.ok) {
      tab.problem.set({ message: answer.error, status: answer.status });
      tab.status.set('failed');
      this.save();
      return;
    }
    const session = answer.session;
    this.describe(tab, session);
    tab.problem.set(null);
    tab.reset();
    tab.write(answer.scrollback);
    if (session.state === 'ended') {
      this.end(tab, {
        sessionId: session.id,
        reason: session.endReason ?? 'closed',
        exitCode: session.exitCode,
        message: '',
      });
      return;
    }
    tab.status.set('live');
    this.save();
    const { cols, rows } = tab.size();
    if (cols !== session.cols || rows !== session.rows) this.resize(tab, cols, rows);
  }

  private describe(tab: TerminalTab, session: SshSessionSummary): void {
    tab.sessionId.set(session.id);
    tab.hostId.set(session.hostId);
    tab.hostName.set(session.hostName);
    tab.target.set(session.target);
  }

  private end(tab: TerminalTab, ended: TerminalEnded): void {
    tab.ended.set(ended);
    tab.status.set('ended');
    this.save();
  }

  private fail(tab: TerminalTab, error: unknown, fallback: string): void {
    const detail = error instanceof Error && error.message ? ` ${error.message}` : '';
    tab.problem.set({ message: `${fallback}${detail}`, status: null });
    tab.status.set('failed');
    this.save();
  }

  /** The tabs whose session may still be live, for the next load of the page. */
  private save(): void {
    const kept: StoredTab[] = this.tabs()
      .filter((tab) => tab.sessionId() && !['ended', 'failed'].includes(tab.status()))
      .map((tab) => ({
        sessionId: tab.sessionId() ?? '',
        hostId: tab.hostId(),
        hostName: tab.hostName(),
      }));
    try {
      if (kept.length > 0) this.storage?.setItem(TERMINAL_STORAGE_KEY, JSON.stringify(kept));
      else this.storage?.removeItem(TERMINAL_STORAGE_KEY);
    } catch {
      // Storage full or refused: the tabs simply do not survive a reload.
    }
  }

  private restore(): StoredTab[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(TERMINAL_STORAGE_KEY) ?? '[]');
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (item): item is StoredTab =>
          !!item &&
          typeof item === 'object' &&
          typeof (item as StoredTab).sessionId === 'string' &&
          typeof (item as StoredTab).hostId === 'string' &&
          typeof (item as StoredTab).hostName === 'string',
      );
    } catch {
      return [];
    }
  }
}
