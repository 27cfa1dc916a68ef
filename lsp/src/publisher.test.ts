import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { analyze } from "./analysis.js";
import { DiagnosticsPublisher } from "./publisher.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("publishing lints", () => {
  it("waits to lint a document at least as long as its last lints took", () => {
    const uri = "file:///lints.apol";
    // Two rules allowing the same tool: a lint finding.
    const text = "policy p\ntool a()\nrule r { allow a }\nrule again { allow a }\n";
    const sent: number[] = [];
    let clock = 0;
    const publisher = new DiagnosticsPublisher({
      lintDelayMs: 10,
      send: (_, diagnostics) => sent.push(diagnostics.length),
      isCurrent: () => true,
      pushes: () => true,
      canRefresh: () => false,
      refresh: () => undefined,
      // Every reading of the clock is 300 ms after the last: the lints take 300 ms.
      now: () => (clock += 300),
    });
    publisher.analyzed(analyze(uri, 1, text));
    expect(sent).toEqual([0]);
    vi.advanceTimersByTime(10);
    expect(sent).toEqual([0, 1]);
    // The next analysis keeps the lint shown (no blink) and lints again only after 300 ms of quiet.
    publisher.analyzed(analyze(uri, 2, text));
    vi.advanceTimersByTime(299);
    expect(sent).toEqual([0, 1]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([0, 1, 1]);
  });
});
