import { describe, expect, it } from "vitest";
import { Progress } from "./progress.js";

function run(tty: boolean | undefined, steps: number): string[] {
  const written: string[] = [];
  const progress = new Progress({ write: (t) => void written.push(t), color: false, ...(tty === undefined ? {} : { tty }) });
  for (let i = 0; i < steps; i++) progress.tick();
  progress.done();
  return written;
}

describe("Progress", () => {
  it("redraws the count every 50,000 steps on a terminal and clears the line at the end", () => {
    expect(run(true, 120_000)).toEqual(["\r50,000 steps", "\r100,000 steps", "\r\x1b[K"]);
  });

  it("draws nothing when the output is piped, or before the first 50,000 steps", () => {
    expect(run(false, 120_000)).toEqual([]);
    expect(run(undefined, 120_000)).toEqual([]);
    expect(run(true, 49_999)).toEqual([]);
  });
});
