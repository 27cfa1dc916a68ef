import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as ops from "@apol/runtime/ops";
import { referenceFunctions } from "../reference/functions.js";
import { builtinFunctions } from "./builtins.js";

const corpus = new URL("../../../test/decisions/builtins/", import.meta.url);
const cases = readdirSync(corpus).map((file) => readFileSync(new URL(file, corpus), "utf8"));

describe("the built-in table", () => {
  for (const fn of builtinFunctions.values()) {
    it(`\`${fn.name}\` has a reference implementation, a runtime one and a decision case, or is a form`, () => {
      if (fn.form) return expect(referenceFunctions.has(fn.name)).toBe(false);
      expect(typeof referenceFunctions.get(fn.name)).toBe("function");
      expect(typeof (ops as Record<string, unknown>)[fn.name]).toBe("function");
      expect(cases.some((text) => text.includes(`${fn.name}(`))).toBe(true);
    });
  }

  it("describes every function the reference implements (none is kept without its entry)", () => {
    for (const name of referenceFunctions.keys()) expect(builtinFunctions.get(name)?.form, name).toBeUndefined();
    expect([...referenceFunctions.keys()].filter((name) => !builtinFunctions.has(name))).toEqual([]);
  });
});
