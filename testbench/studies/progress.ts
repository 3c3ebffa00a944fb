// A progress bar with an estimate of the time left, on stderr (stdout stays for results). The
// estimate uses only points computed in this run: cached ones cost nothing.
export class Progress {
  private done = 0;
  private computed = 0;
  private readonly t0 = Date.now();

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly out: NodeJS.WritableStream = process.stderr,
  ) {}

  tick(cached: boolean, note = ''): void {
    this.done++;
    if (!cached) this.computed++;
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    const elapsed = (Date.now() - this.t0) / 1000;
    const left = this.total - this.done;
    const eta = this.computed > 0 ? (elapsed / this.computed) * left : 0;
    const tty = (this.out as NodeJS.WriteStream).isTTY === true;
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} ${fmt(elapsed)} elapsed, ~${fmt(eta)} left ${note}`;
    this.out.write(tty ? `\r${line.padEnd(110)}${this.done === this.total ? '\n' : ''}` : `${line}\n`);
  }
}

function fmt(s: number): string {
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(0)}s`;
}
