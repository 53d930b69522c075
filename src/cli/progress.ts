/** A progress bar with rate and ETA on stderr; plain lines when stderr is not a terminal (CI logs). */
export class ProgressBar {
  private start = Date.now();
  private lastDraw = 0;
  private lastPct = -1;
  /** `quiet` (--quiet): draw nothing. */
  constructor(
    private label: string,
    private quiet = false,
    private stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number, extra = ''): void {
    if (this.quiet) return;
    const now = Date.now();
    const pct = total > 0 ? done / total : 0;
    const final = done >= total;
    if (!final && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const elapsed = (now - this.start) / 1000;
    const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
    const text = `${this.label} ${done}/${total} ${(pct * 100).toFixed(1)}% ${fmt(elapsed)} elapsed, ETA ${Number.isFinite(eta) ? fmt(eta) : '?'}${extra ? ' ' + extra : ''}`;
    if (this.stream.isTTY) {
      const width = 24,
        fill = Math.round(pct * width);
      this.stream.write(`\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${text}\x1b[K${final ? '\n' : ''}`);
    } else {
      // Non-TTY: one line per 10% so logs stay short.
      const step = Math.floor(pct * 10);
      if (step !== this.lastPct || final) {
        this.lastPct = step;
        this.stream.write(text + '\n');
      }
    }
  }
}

export function fmt(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60),
    s = Math.round(seconds % 60);
  return m < 60 ? `${m}m${String(s).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
