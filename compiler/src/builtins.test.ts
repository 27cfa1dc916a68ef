import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as ops from "@apol/runtime/ops";
import { builtinFunctions } from "./builtins.js";

/** The forms lowered to IR nodes of their own (`ir/lower.ts`), which need no implementation of values. */
const forms = ["has", "from", "tainted", "exposed"];

const corpus = new URL("../../test/decisions/builtins/", import.meta.url);
const cases = readdirSync(corpus).map((file) => readFileSync(new URL(file, corpus), "utf8"));

describe("the built-in table", () => {
  for (const fn of builtinFunctions.values()) {
    it(`\`${fn.name}\` has a reference implementation, a runtime one and a decision case, or is a form`, () => {
      if (forms.includes(fn.name)) return expect(fn.reference).toBeUndefined();
      expect(typeof fn.reference).toBe("function");
      expect(typeof (ops as Record<string, unknown>)[fn.name]).toBe("function");
      expect(cases.some((text) => text.includes(`${fn.name}(`))).toBe(true);
    });
  }
});
