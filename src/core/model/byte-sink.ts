/**
 * The bytes of one download. When the size is known (listing, Content-Length, Content-Range) they are written
 * into one array of that size as they arrive: a chunk list plus its concatenation would hold a 471 MB model
 * twice at the end of the transfer (issue 17: the tab must stay under 2 GB). Unknown size: chunks, joined once.
 */
export class ByteSink {
  private buf: Uint8Array | undefined;
  private parts: Uint8Array[] = [];
  /** Bytes received so far. */
  n = 0;

  constructor(partial?: Uint8Array) {
    if (partial) this.push(partial);
  }

  /** Drop everything (a restart from byte 0). */
  clear(): void {
    this.buf = undefined;
    this.parts = [];
    this.n = 0;
  }

  /** The transfer's full size is now known: move what is held into one array of that size. */
  expect(total: number | undefined): void {
    if (total === undefined || total < this.n || this.buf?.byteLength === total) return;
    let buf: Uint8Array;
    try {
      buf = new Uint8Array(total);
    } catch {
      return; // a size the engine cannot allocate at once (a wrong Content-Length): chunks as before
    }
    buf.set(this.bytes());
    this.buf = buf;
    this.parts = [];
  }

  push(chunk: Uint8Array): void {
    if (this.buf && this.n + chunk.byteLength <= this.buf.byteLength) this.buf.set(chunk, this.n);
    else {
      // More than announced: keep the bytes as chunks (the caller's size check names the mismatch).
      if (this.buf) this.parts = [this.buf.subarray(0, this.n)];
      this.buf = undefined;
      this.parts.push(chunk);
    }
    this.n += chunk.byteLength;
  }

  /** The bytes so far: the preallocated array itself once it is full (no copy). */
  bytes(): Uint8Array {
    if (this.buf) return this.n === this.buf.byteLength ? this.buf : this.buf.subarray(0, this.n);
    if (this.parts.length !== 1) {
      const out = new Uint8Array(this.n);
      let p = 0;
      for (const x of this.parts) {
        out.set(x, p);
        p += x.byteLength;
      }
      this.parts = [out];
    }
    return this.parts[0];
  }
}
