// A progress line for long replays, drawn on a terminal only: piped output stays clean.
import type { Output } from "./command.js";

/** Redraws at most this often, in steps, so drawing costs nothing next to deciding. */
const EVERY = 50_000;

/** Counts steps and, when `output` is a terminal, redraws `N steps` in place every 50,000 steps. */
export class Progress {
  private count = 0;

  constructor(private readonly output: Output) {}

  /** Counts one step. */
  tick(): void {
    if (++this.count % EVERY === 0 && this.output.tty === true) this.output.write(`\r${this.count.toLocaleString("en")} steps`);
  }

  /** Clears the line, if one was drawn. */
  done(): void {
    if (this.count >= EVERY && this.output.tty === true) this.output.write("\r\x1b[K");
  }
}
