import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tablePath, tableSource } from "../../scripts/confusables.js";
import { normalize, skeleton } from "./text.js";

describe("the confusables table", () => {
  it("is what the generator writes from the package's data today (`npm run generate:confusables` after updating it)", () => {
    expect(readFileSync(tablePath, "utf8")).toBe(tableSource());
  });

  it("maps Cyrillic and Greek look-alikes to the Latin letters they imitate, and leaves ASCII as typed", () => {
    expect(skeleton(normalize("p\u0430yp\u0430l.com"))).toBe("paypal.com");
    expect(skeleton(normalize("\u0399\u039fN"))).toBe("ion");
    // Skeletons are taken after case folding: a capital Greek `Ν` is folded to `ν`, a look-alike of `v`, not of `n`.
    expect(skeleton(normalize("\u039d"))).toBe("v");
    expect(skeleton("g00gle 1l")).toBe("g00gle 1l");
    expect(skeleton(normalize("caf\u0450"))).toBe(skeleton(normalize("caf\u0435\u0300")));
  });

  it("is a fixed point: the skeleton of a skeleton is itself", () => {
    for (const text of ["Москва", "ΣΊΣΥΦΟΣ", "ǀ×ʔ", "naïve café", "\u1065\u1b5c"]) expect(skeleton(skeleton(normalize(text)))).toBe(skeleton(normalize(text)));
  });
});
