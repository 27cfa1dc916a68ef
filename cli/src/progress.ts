// A progress bar for long replays, drawn on a terminal only: piped output stays clean.
import type { Output } from "./command.js";

/** Redraws at most this often, in milliseconds, so drawing costs nothing next to deciding. */
const EVERY_MS = 200;
/** The bar's width in characters. */
const WIDTH = 30;

/**
 * Draws `[######------]  42%  1,250,000 steps` in place on `output` when it is a
 * terminal: the share of the file's `totalBytes` read, and the steps decided.
 */
export class Progress {
  private last: number;
  private drawn = false;

  constructor(
    private readonly output: Output,
    private readonly totalBytes: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
  }

  /** Reports how far the replay got; redraws when the last drawing is old enough. */
  update(steps: number, bytesRead: number): void {
    if (this.output.tty !== true) return;
    const now = this.now();
    if (now - this.last < EVERY_MS) return;
    this.last = now;
    this.drawn = true;
    const share = this.totalBytes > 0 ? Math.min(1, bytesRead / this.totalBytes) : 1;
    const filled = Math.round(share * WIDTH);
    const percent = `${Math.floor(share * 100)}%`.padStart(4);
    this.output.write(`\r[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${percent}  ${steps.toLocaleString("en")} steps`);
  }

  /** Clears the line, if one was drawn. */
  done(): void {
    if (this.drawn) this.output.write("\r\x1b[K");
    this.drawn = false;
  }
}
