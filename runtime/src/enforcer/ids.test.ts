import { describe, expect, it } from "vitest";
import { idCounter } from "./ids.js";

describe("idCounter", () => {
  it("spells the prefix and the count, as `${prefix}${n}` does, across every change of the number of digits", () => {
    const next = idCounter("p-");
    for (let n = 1; n <= 1_002_001; n++) {
      const id = next();
      if (id !== `p-${n}`) expect(id).toBe(`p-${n}`);
    }
  });

  it("counts each enforcer's ids on their own", () => {
    const a = idCounter("a");
    const b = idCounter("b");
    expect([a(), a(), b(), a()]).toEqual(["a1", "a2", "b1", "a3"]);
  });
});
