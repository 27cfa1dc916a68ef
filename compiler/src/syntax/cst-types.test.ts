// The committed CST types are exactly what the grammar generates, so `cst-to-ast` reads the children the parser builds.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cstTypesPath, cstTypesSource } from "../../scripts/cst-types.js";
import { parser } from "./parser.js";

describe("compiler/src/syntax/cst.ts", () => {
  it("equals a fresh generation from the grammar (run `npm run generate:cst` after changing a rule)", () => {
    expect(readFileSync(cstTypesPath, "utf8")).toBe(cstTypesSource());
  });

  it("has a node type for every rule of the parser", () => {
    const text = readFileSync(cstTypesPath, "utf8");
    const rules = Object.keys(parser.getGAstProductions());
    expect(rules.length).toBeGreaterThan(40);
    for (const rule of rules) expect(text).toContain(`name: "${rule}";`);
  });
});
