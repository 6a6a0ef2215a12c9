import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  effect,
  inject,
  input,
  untracked,
  viewChild,
} from '@angular/core';
import type { FitAddon } from '@xterm/addon-fit';
import type { SearchAddon } from '@xterm/addon-search';
import type { Terminal } from '@xterm/xterm';

import { loadStyleSheet } from '../lazy-style';
import { TerminalTab, TerminalTabs } from './terminal-tabs';

/** xterm.js and its add-ons, loaded with the terminal page only (their own chunk). */
async function loadXterm() {
  const [xterm, fit, search, links] = await Promise.all([
    import('@xterm/xterm'),
    import('@xterm/addon-fit'),
    import('@xterm/addon-search'),
    import('@xterm/addon-web-links'),
  ]);
  return {
    Terminal: xterm.Terminal,
    FitAddon: fit.FitAddon,
    SearchAddon: search.SearchAddon,
    WebLinksAddon: links.WebLinksAddon,
  };
}

/**
 * One tab's screen: an xterm.js terminal fitted to its box (a ResizeObserver refits it, and the
 * new size goes to the session), keystrokes and pastes sent to the session, output written as it
 * arrives. Copy and paste: select with the mouse and use the browser's own copy and paste, or
 * Ctrl+Shift+C / Ctrl+Shift+V (Ctrl+C stays the shell's interrupt).
 */
@Component({
  selector: 'hyp-ssh-terminal-view',
  template: `<div
    #screen
    class="screen"
    [attr.data-testid]="'ssh-terminal-screen-' + tab().key"
  ></div>`,
  styles: `
    :host {
      display: block;
      height: 100%;
      min-height: 0;
    }
    .screen {
      height: 100%;
      padding: 4px;
      box-sizing: border-box;
      background: #1e1e1e;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TerminalView {
  private readonly tabs = inject(TerminalTabs);
  private readonly destroyRef = inject(DestroyRef);

  readonly tab = input.required<TerminalTab>();
  /** Whether this tab is the one shown (a hidden one is not fitted: it has no size). */
  readonly shown = input(true);

  private readonly screenRef = viewChild.required<ElementRef<HTMLElement>>('screen');
  private term: Terminal | null = null;
  private fitAddon: FitAddon | null = null;
  private searchAddon: SearchAddon | null = null;
  private destroyed = false;

  constructor() {
    afterNextRender(() =>
      this.create().catch((error: unknown) =>
        this.tab().problem.set({
          message: `This browser could not show the terminal: ${error instanceof Error ? error.message : String(error)}`,
          status: null,
        }),
      ),
    );
    // Keystrokes go only to a live session: the terminal says so by refusing them otherwise.
    effect(() => {
      const live = this.tab().status() === 'live';
      if (this.term) this.term.options.disableStdin = !live;
    });
    effect(() => {
      if (this.shown()) untracked(() => queueMicrotask(() => this.fit()));
    });
    this.destroyRef.onDestroy(() => {
      this.destroyed = true;
      this.tab().attachScreen(null);
      this.term?.dispose();
    });
  }

  private async create(): Promise<void> {
    const xterm = await loadXterm();
    if (this.destroyed) return;
    const element = this.screenRef().nativeElement;
    const term = new xterm.Terminal({
      cursorBlink: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      scrollback: 5_000,
      // The rows are also offered to screen readers as text.
      screenReaderMode: true,
      disableStdin: this.tab().status() !== 'live',
      theme: { background: '#1e1e1e' },
    });
    this.fitAddon = new xterm.FitAddon();
    this.searchAddon = new xterm.SearchAddon();
    term.loadAddon(this.fitAddon);
    term.loadAddon(this.searchAddon);
    term.loadAddon(new xterm.WebLinksAddon());
    term.attachCustomKeyEventHandler((event) => this.shortcut(event));
    term.open(element);
    this.term = term;
    const tab = this.tab();
    term.onData((data) => this.tabs.input(tab, data));
    term.onResize(({ cols, rows }) => this.tabs.resize(tab, cols, rows));
    this.fit();
    tab.attachScreen({
      reset: () => term.reset(),
      write: (data) => term.write(data),
      size: () => ({ cols: term.cols, rows: term.rows }),
      focus: () => term.focus(),
      findNext: (text) => this.searchAddon?.findNext(text) ?? false,
      findPrevious: (text) => this.searchAddon?.findPrevious(text) ?? false,
    });
    const observer = new ResizeObserver(() => this.fit());
    observer.observe(element);
    this.destroyRef.onDestroy(() => observer.disconnect());
    // Measured again once xterm's own style sheet is in.
    void loadStyleSheet('xterm').then(() => this.fit());
    if (this.shown()) term.focus();
  }

  /** Fits the terminal to its box, if the box is shown (a hidden tab keeps its size). */
  private fit(): void {
    const element = this.screenRef().nativeElement;
    if (!this.term || !this.fitAddon || element.clientWidth === 0 || element.clientHeight === 0) {
      return;
    }
    try {
      this.fitAddon.fit();
    } catch {
      // Not measurable yet (fonts loading): the next resize fits it.
    }
  }

  /** Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes; everything else goes to xterm. */
  private shortcut(event: KeyboardEvent): boolean {
    if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
    const key = event.key.toLowerCase();
    if (key === 'c') {
      const selection = this.term?.getSelection() ?? '';
      if (selection) void navigator.clipboard?.writeText(selection).catch(() => undefined);
      event.preventDefault();
      return false;
    }
    if (key === 'v') {
      event.preventDefault();
      void navigator.clipboard
        ?.readText()
        .then((text) => this.term?.paste(text))
        .catch(() => undefined);
      return false;
    }
    return true;
  }
}
