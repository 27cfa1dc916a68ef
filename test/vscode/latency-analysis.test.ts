// How the VS Code benchmark reads a recorded cycle: which text each squiggle belongs to, skipped texts, flickers and the fix.
import { describe, expect, it } from "vitest";
import { analyzeCycle, squiggleVersion, type CycleRecording } from "./latency-analysis.js";

/** A 3-character typo after a 6-character name, characters 10 px wide, on the line whose top is 500. */
const at = { lineTop: 500, charWidth: 10, nameLength: 6 };
const squiggle = (typed: number, top = 500) => [{ top, left: 300, width: (at.nameLength + typed) * 10 }];
/** Keys sent at 0, 100, 200 (the typo) and 1000 (the fix), each seen by the page 5 ms later. */
const recording = (changes: CycleRecording["changes"]): CycleRecording => ({
  ...at,
  sent: [0, 100, 200, 1000],
  keydowns: [5, 105, 205, 1005],
  changes,
});

describe("squiggleVersion", () => {
  const geometry = { ...at, typoLength: 3 };

  it("reads the typed characters from the width of the one squiggle on the line", () => {
    expect(squiggleVersion(squiggle(2), geometry)).toBe(2);
    expect(squiggleVersion([{ top: 500, left: 300, width: 81.6 }], geometry)).toBe(2);
  });

  it("belongs to no text when on another line, as wide as the name alone, wider than the typo, or not alone", () => {
    expect(squiggleVersion(squiggle(2, 519), geometry)).toBeUndefined();
    expect(squiggleVersion(squiggle(0), geometry)).toBeUndefined();
    expect(squiggleVersion(squiggle(4), geometry)).toBeUndefined();
    expect(squiggleVersion([...squiggle(1), ...squiggle(2)], geometry)).toBeUndefined();
    expect(squiggleVersion([], geometry)).toBeUndefined();
  });
});

describe("analyzeCycle", () => {
  it("times each key to its own text's squiggle when every text is shown", () => {
    const { samples, flickers } = analyzeCycle(
      recording([
        { t: -50, squiggles: [] },
        { t: 80, squiggles: squiggle(1) },
        { t: 190, squiggles: squiggle(2) },
        { t: 450, squiggles: squiggle(3) },
        { t: 1010, squiggles: squiggle(0) },
        { t: 1300, squiggles: [] },
      ]),
    );
    expect(samples).toEqual([
      { kind: "appear", latencyMs: 80, inputDelayMs: 5, shown: true },
      { kind: "change", latencyMs: 90, inputDelayMs: 5, shown: true },
      { kind: "change", latencyMs: 250, inputDelayMs: 5, shown: true },
      { kind: "fix", latencyMs: 300, inputDelayMs: 5, shown: true },
    ]);
    expect(flickers).toBe(0);
  });

  it("times a key whose text was skipped to the first later text's squiggle, and says it was not shown", () => {
    const { samples } = analyzeCycle(
      recording([
        { t: -50, squiggles: [] },
        { t: 400, squiggles: squiggle(3) },
        { t: 1600, squiggles: [] },
      ]),
    );
    expect(samples.map((s) => [s.latencyMs, s.shown])).toEqual([
      [400, false],
      [300, false],
      [200, true],
      [600, true],
    ]);
  });

  it("counts a squiggle that vanishes while the text has its error as a flicker, not as the fix", () => {
    const { samples, flickers } = analyzeCycle(
      recording([
        { t: -50, squiggles: [] },
        { t: 150, squiggles: squiggle(1) },
        { t: 230, squiggles: [] },
        { t: 420, squiggles: squiggle(3) },
        { t: 1020, squiggles: squiggle(0) },
        { t: 1040, squiggles: [] },
        { t: 1100, squiggles: squiggle(0) },
        { t: 1500, squiggles: [] },
      ]),
    );
    expect(flickers).toBe(2);
    expect(samples.map((s) => s.latencyMs)).toEqual([150, 320, 220, 500]);
  });

  it("does not take a squiggle drawn before a key was sent for that key's", () => {
    const { samples } = analyzeCycle(
      recording([
        { t: -50, squiggles: [] },
        { t: 99, squiggles: squiggle(2) },
        { t: 300, squiggles: squiggle(3) },
        { t: 1200, squiggles: [] },
      ]),
    );
    expect(samples[1]).toEqual({ kind: "change", latencyMs: 200, inputDelayMs: 5, shown: false });
  });

  it("refuses a recording in which no diagnostics ever included a key", () => {
    expect(() =>
      analyzeCycle(
        recording([
          { t: -50, squiggles: [] },
          { t: 150, squiggles: squiggle(1) },
        ]),
      ),
    ).toThrow("no diagnostics ever included key 2 of 4");
  });
});
