/**
 * The last `limit` bytes of a session's output, replayed to a console that attaches. Kept as
 * the chunks received (dropped from the front), so a push costs no copy.
 */
export class Scrollback {
  private chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    if (chunk.length >= this.limit) {
      this.chunks = [Buffer.from(chunk.subarray(chunk.length - this.limit))];
      this.bytes = this.limit;
      return;
    }
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes > this.limit) {
      const first = this.chunks[0];
      const over = this.bytes - this.limit;
      if (first.length <= over) {
        this.chunks.shift();
        this.bytes -= first.length;
      } else {
        this.chunks[0] = first.subarray(over);
        this.bytes -= over;
      }
    }
  }

  snapshot(): Buffer {
    return Buffer.concat(this.chunks, this.bytes);
  }
}
