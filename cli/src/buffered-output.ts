// An output that gathers small writes into large ones: a replay prints a line per step, and a write per line costs more than deciding it.
import type { Output } from "./command.js";

/** Text gathered before it is handed on in one write. */
const FLUSH_AT = 1 << 16;

/** Wraps `target`; call `flush` when done, or the last writes stay buffered. */
export class BufferedOutput implements Output {
  readonly color: boolean;
  readonly tty?: boolean;
  private pending = "";

  constructor(private readonly target: Output) {
    this.color = target.color;
    if (target.tty !== undefined) this.tty = target.tty;
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  /** Hands everything gathered to the target. */
  flush(): void {
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    this.target.write(text);
  }
}
