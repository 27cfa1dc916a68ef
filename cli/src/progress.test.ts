import { describe, expect, it } from "vitest";
import { Progress } from "./progress.js";

/** Updates a progress bar over a file of `total` bytes at the given times (ms) and returns what it wrote. */
function run(tty: boolean | undefined, updates: readonly { at: number; steps: number; bytes: number }[], total = 1000): string[] {
  const written: string[] = [];
  let time = 0;
  const progress = new Progress({ write: (t) => void written.push(t), color: false, ...(tty === undefined ? {} : { tty }) }, total, () => time);
  for (const u of updates) {
    time = u.at;
    progress.update(u.steps, u.bytes);
  }
  progress.done();
  return written;
}

const updates = [
  { at: 100, steps: 10_000, bytes: 100 },
  { at: 250, steps: 25_000, bytes: 250 },
  { at: 300, steps: 30_000, bytes: 300 },
  { at: 460, steps: 46_000, bytes: 1000 },
];

describe("Progress", () => {
  it("redraws the bar, the share of the file read and the steps at most every 200 ms on a terminal, and clears it at the end", () => {
    expect(run(true, updates)).toEqual([
      "\r[########----------------------]  25%  25,000 steps",
      "\r[##############################] 100%  46,000 steps",
      "\r\x1b[K",
    ]);
  });

  it("draws nothing when the output is piped, or for a replay shorter than 200 ms", () => {
    expect(run(false, updates)).toEqual([]);
    expect(run(undefined, updates)).toEqual([]);
    expect(run(true, updates.slice(0, 1))).toEqual([]);
  });

  it("shows a full bar for an empty file", () => {
    expect(run(true, [{ at: 500, steps: 0, bytes: 0 }], 0)).toEqual(["\r[##############################] 100%  0 steps", "\r\x1b[K"]);
  });
});
