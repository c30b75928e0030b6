/**
 * A one-line progress indicator on stderr, drawn only when stderr is a terminal (never in pipes,
 * files or CI logs) and only once the work has taken a moment (small inputs finish silently).
 */
export class Progress {
  private last = 0;
  private shown = false;
  private readonly started: number;

  constructor(
    private readonly stream: { write(text: string): unknown; readonly isTTY?: boolean },
    private readonly now: () => number = () => Date.now(),
    private readonly delayMs = 250,
  ) {
    this.started = now();
  }

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /** Reading: a bar from the share done, with a count. Redrawn at most every 100 ms. */
  bar(label: string, done: number, total: number, detail: string): void {
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const width = 24;
    const full = Math.round(share * width);
    this.draw(
      `${label} [${'#'.repeat(full)}${'-'.repeat(width - full)}] ${Math.floor(share * 100)}% ${detail}`,
    );
  }

  /** A stage without a measurable share. */
  stage(text: string): void {
    this.draw(text, true);
  }

  /** Removes the line. */
  done(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }

  private draw(text: string, force = false): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.started < this.delayMs) return;
    if (!force && this.shown && t - this.last < 100) return;
    this.last = t;
    this.shown = true;
    this.stream.write(`\r\x1b[2K${text}`);
  }
}
