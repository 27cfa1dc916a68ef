// An in-memory `Io` that records what a command writes, for running the CLI inside tests and tools.
import type { Io } from "./command.js";

/** An `Io` whose outputs accumulate in strings; colors are off unless asked for. */
export function memoryIo(color = false): Io & { readonly out: () => string; readonly err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (text) => void (out += text), color },
    stderr: { write: (text) => void (err += text), color },
    out: () => out,
    err: () => err,
  };
}
