import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export interface AsciicastHeader {
  width: number;
  height: number;
  /** Start of the recording, Unix seconds. */
  timestamp: number;
  term: string;
}

export interface RecorderOptions {
  /** Keep typed input as "i" events (off by default: passwords typed would be kept). */
  recordInput: boolean;
  /** The file stops growing here: a last "m" event says so, the session goes on. */
  maxBytes: number;
}

/** Room kept under the cap for the final marker line. */
const MARKER_RESERVE = 256;

/**
 * Streams one session to an asciicast v2 file (https://docs.asciinema.org/manual/asciicast/v2/):
 * a header line, then one JSON array per event, `[seconds, "o" | "i" | "r" | "m", data]`.
 * Written as it happens (never held whole in memory); UTF-8 split across chunks is decoded
 * across them. At `maxBytes` a marker event ends the file while the session goes on.
 */
export class AsciicastRecorder {
  private readonly stream: WriteStream;
  private readonly started = performance.now();
  private readonly output = new StringDecoder('utf8');
  private readonly input = new StringDecoder('utf8');
  private written = 0;
  private capped = false;
  private closed?: Promise<void>;
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    header: AsciicastHeader,
    private readonly options: RecorderOptions,
  ) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.stream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    // A full disk must not end the session: the error is kept and the recording stops.
    this.stream.on('error', (error) => (this.failure ??= error));
    this.line(
      JSON.stringify({
        version: 2,
        width: header.width,
        height: header.height,
        timestamp: header.timestamp,
        env: { TERM: header.term },
      }),
    );
  }

  /** Bytes written so far (the file's size once flushed). */
  get size(): number {
    return this.written;
  }

  /** Seconds since the recording started, as its events count them. */
  elapsed(): number {
    return Math.round(performance.now() - this.started) / 1000;
  }

  get error(): Error | null {
    return this.failure;
  }

  recordOutput(data: Buffer): void {
    const text = this.output.write(data);
    if (text) this.event('o', text);
  }

  recordInput(data: Buffer | string): void {
    if (!this.options.recordInput) return;
    const text = typeof data === 'string' ? data : this.input.write(data);
    if (text) this.event('i', text);
  }

  recordResize(cols: number, rows: number): void {
    this.event('r', `${cols}x${rows}`);
  }

  /** Flushes and closes the file (once; later calls wait for the same close). */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      const rest = this.output.end();
      if (rest) this.event('o', rest);
      this.capped = true;
      if (this.stream.destroyed) return resolve();
      this.stream.end(() => resolve());
      this.stream.once('error', () => resolve());
    });
    return this.closed;
  }

  private event(code: 'o' | 'i' | 'r' | 'm', data: string): void {
    if (this.capped || this.failure) return;
    const line = JSON.stringify([this.elapsed(), code, data]);
    if (this.written + Buffer.byteLength(line) + 1 > this.options.maxBytes - MARKER_RESERVE) {
      this.capped = true;
      this.line(
        JSON.stringify([
          this.elapsed(),
          'm',
          `Recording stopped at its size limit (${this.options.maxBytes} bytes); the session went on.`,
        ]),
      );
      return;
    }
    this.line(line);
  }

  private line(text: string): void {
    const bytes = Buffer.from(`${text}\n`, 'utf8');
    this.written += bytes.length;
    this.stream.write(bytes);
  }
}
