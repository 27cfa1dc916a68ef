import { describe, expect, it } from "vitest";
import { BufferedOutput } from "./buffered-output.js";

describe("BufferedOutput", () => {
  it("hands on writes in chunks of at least 64 KiB, the rest on flush, and keeps the target's color and tty", () => {
    const writes: string[] = [];
    const out = new BufferedOutput({ write: (t) => void writes.push(t), color: true, tty: false });
    expect([out.color, out.tty]).toEqual([true, false]);
    const line = `${"x".repeat(99)}\n`;
    for (let i = 0; i < 1000; i++) out.write(line);
    expect(writes.map((w) => w.length)).toEqual([65_600]);
    out.flush();
    out.flush();
    expect(writes.map((w) => w.length)).toEqual([65_600, 34_400]);
    expect(writes.join("")).toBe(line.repeat(1000));
  });
});
