import { SSH_TERMINAL_RULES } from '@hyperion/contracts';
import { IMarker, Terminal } from '@xterm/headless';

/** Output not yet parsed beyond which the extractor stops reading (a flood: `cat` of a big file). */
const BACKLOG_LIMIT = 4 * 1024 * 1024;

/** Where typing started on a line: the line (a marker follows it as the buffer scrolls) and column. */
interface LineStart {
  marker: IMarker;
  col: number;
}

/** An Enter waiting for its echo's line feed, when the line on screen is complete. */
interface PendingLine {
  start: LineStart | null;
  /** What was typed on the line, key by key (with editing keys, if any). */
  keys: string;
  /** Its text, when the whole line came in the frame of its Enter (a paste); null: typed key by key. */
  typed: string | null;
  /** Line feeds seen while waiting for its echo. */
  waits: number;
  atMs: number;
}

export type CommandListener = (command: string, atMs: number) => void;

const ENTER = /[\r\n]/;
/** Lines a pasted line's echo may come after (a banner, the prompt). */
const ECHO_WAIT_LINES = 20;
/** A line abandoned: Ctrl-C, Ctrl-D, Ctrl-G. */
const ABANDON_CODES = new Set([0x03, 0x04, 0x07]);
const abandons = (text: string) => [...text].some((c) => ABANDON_CODES.has(c.charCodeAt(0)));
/** Printable text only: no control character (C0 or DEL). */
const plain = (text: string) =>
  [...text].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f);

/**
 * Reads the command lines typed in a session the way its user saw them: a headless xterm is fed
 * the session's output, and when Enter is typed, the line from where typing started (after the
 * prompt) to its end, wrapped rows joined, is taken once the remote echoed the Enter (its line
 * feed). So history recall, Tab completion and line editing give the line actually run; nothing
 * is taken in the alternate screen (vim, less) and empty lines (a password typed without echo)
 * are skipped. Input is handled in order with the output before it (a write barrier).
 */
export class CommandExtractor {
  private readonly term: Terminal;
  private lineStart: LineStart | null = null;
  /** The keys typed since `lineStart`. */
  private lineKeys = '';
  private readonly pending: PendingLine[] = [];
  private backlog = 0;
  private disposed = false;

  constructor(
    cols: number,
    rows: number,
    private readonly listener: CommandListener,
  ) {
    this.term = new Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
    this.term.onLineFeed(() => this.lineFed());
  }

  output(data: Buffer): void {
    if (this.disposed) return;
    if (this.backlog > BACKLOG_LIMIT) return;
    this.backlog += data.length;
    this.term.write(data, () => (this.backlog -= data.length));
  }

  input(data: string, atMs: number): void {
    if (this.disposed) return;
    // After the output received so far is parsed: the cursor is where the user saw it.
    this.term.write('', () => this.typed(data, atMs));
  }

  resize(cols: number, rows: number): void {
    if (!this.disposed) this.term.resize(cols, rows);
  }

  /** Resolves once what was given so far is parsed (at most `ms` later). */
  settled(ms = 1000): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.term.write('', () => (clearTimeout(timer), resolve()));
    });
  }

  dispose(): void {
    this.disposed = true;
    this.term.dispose();
  }

  private get alternate(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  private typed(data: string, atMs: number): void {
    if (this.disposed) return;
    if (this.alternate) {
      this.forget();
      return;
    }
    // Segments between Enters: the first continues the line on screen; the others were sent
    // in the same frame (a paste) before any echo: their text is known, their start is not.
    const segments = data.split(/\r\n|\r|\n/);
    const enters = segments.length - 1;
    segments.forEach((segment, index) => {
      if (abandons(segment)) {
        this.forget();
        return;
      }
      if (index === 0) {
        // A whole line in one frame (a paste, or typed before the prompt showed): its text is
        // known, and the screen only confirms the remote echoed it.
        const whole = !this.lineStart && segment !== '' && plain(segment);
        if (segment && !this.lineStart) this.lineStart = this.here();
        this.lineKeys += segment;
        if (enters > 0) {
          const start = this.lineStart ?? this.here();
          const keys = this.lineKeys;
          this.pending.push({ start, keys, typed: whole ? segment : null, atMs, waits: 0 });
          this.lineStart = null;
          this.lineKeys = '';
        }
        return;
      }
      if (index < enters) {
        const typed = plain(segment) ? segment : '';
        this.pending.push({ start: null, keys: segment, typed, atMs, waits: 0 });
      } else if (segment) {
        // Typed after the last Enter: its line starts once the remote shows it; not known yet.
        this.lineStart = null;
        this.lineKeys = '';
      }
    });
    if (ENTER.test(data) && this.pending.length > 100)
      this.pending.splice(0, this.pending.length - 100);
  }

  private here(): LineStart | null {
    const marker = this.term.registerMarker(0);
    return marker ? { marker, col: this.term.buffer.active.cursorX } : null;
  }

  private forget(): void {
    this.lineStart?.marker.dispose();
    this.lineStart = null;
    this.lineKeys = '';
    for (const p of this.pending) p.start?.marker.dispose();
    this.pending.length = 0;
  }

  /** A line feed was parsed: the oldest Enter's line is complete on screen. */
  /**
   * A line feed was parsed: the line of the oldest Enter may be complete on screen. Typed key
   * by key, the line is read from where typing started. A text known from the input (a paste)
   * is taken once a line shows it (the remote echoed it), waiting a few lines when it is the
   * last Enter (a banner or the prompt may come first); a password typed or pasted without
   * echo is never taken.
   */
  private lineFed(): void {
    const next = this.pending[0];
    if (!next) return;
    if (next.typed === null) {
      this.pending.shift();
      const shown = this.alternate || !next.start ? '' : this.read(next.start);
      next.start?.marker.dispose();
      // Keys typed without editing are the command, when the screen ends with their echo: what
      // came before them on the line is output drawn meanwhile (the prompt, when the first keys
      // were echoed before it). With editing keys (Tab, arrows, backspace) the screen decides.
      const keys = next.keys.trim();
      const command = keys && plain(next.keys) && shown.trimEnd().endsWith(keys) ? keys : shown;
      this.take(command, next.atMs);
      return;
    }
    const typed = next.typed.trim();
    if (typed && !this.alternate && this.justFed().trimEnd().endsWith(typed)) {
      this.pending.shift();
      next.start?.marker.dispose();
      this.take(typed, next.atMs);
      return;
    }
    next.waits += 1;
    if (!typed || this.pending.length > 1 || next.waits > ECHO_WAIT_LINES) {
      // Not echoed: dropped; this line may be the next Enter's.
      this.pending.shift();
      next.start?.marker.dispose();
      this.lineFed();
    }
  }

  private take(command: string, atMs: number): void {
    const line = command.trim();
    if (line) this.listener(line.slice(0, SSH_TERMINAL_RULES.commandMaxLength), atMs);
  }

  /** The logical line the cursor just left (the row above it, and the rows it wraps from). */
  private justFed(): string {
    const buffer = this.term.buffer.active;
    let row = buffer.baseY + buffer.cursorY - 1;
    let text = buffer.getLine(row)?.translateToString(true) ?? '';
    for (let n = 0; n < 64 && row > 0 && buffer.getLine(row)?.isWrapped; n++) {
      row -= 1;
      text = (buffer.getLine(row)?.translateToString(false) ?? '') + text;
    }
    return text;
  }

  /** The logical line from `start` (its row and the rows wrapped after it). */
  private read(start: LineStart): string {
    if (start.marker.isDisposed || start.marker.line < 0) return '';
    const buffer = this.term.buffer.active;
    let row = start.marker.line;
    let line = buffer.getLine(row);
    let text = '';
    let from = start.col;
    while (line) {
      const following = buffer.getLine(row + 1);
      const wraps = following?.isWrapped ?? false;
      text += line.translateToString(!wraps, from);
      if (!wraps || text.length > SSH_TERMINAL_RULES.commandMaxLength) break;
      from = 0;
      row += 1;
      line = following;
    }
    return text;
  }
}
