import { describe, expect, it } from "vitest";
import type * as ast from "../ast/ast.js";
import { parse } from "../syntax/parse.js";
import { entriesValue, literalValue } from "./literal-json.js";

/** The entries of the `user { ... }` statement of a one-test policy. */
function userEntries(entries: string): readonly ast.ObjectEntry[] {
  const { ast: policy } = parse(`policy p\ntest "t" {\n  user { ${entries} }\n}\n`);
  const test = policy.declarations.find((d): d is ast.TestDecl => d.kind === "TestDecl");
  const given = test?.statements[0];
  if (given?.kind !== "given") throw new Error("expected a `user` statement");
  return given.value.entries;
}

describe("literalValue", () => {
  it("turns test literals into JSON: enum symbols into strings, `-n` into a negative number, durations into milliseconds", () => {
    expect(entriesValue(userEntries('role: teller, n: -2.5, t: 30s, ok: true, tags: ["a", admin], nested: { "quoted key": 1 }, empty: []'))).toEqual({
      role: "teller",
      n: -2.5,
      t: 30_000,
      ok: true,
      tags: ["a", "admin"],
      nested: { "quoted key": 1 },
      empty: [],
    });
  });

  it("keeps a key spelled `__proto__` as an own property", () => {
    const value = entriesValue(userEntries('"__proto__": { polluted: true }'));
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it("refuses an expression that is not a literal", () => {
    const [entry] = userEntries("x: args.amount");
    expect(() => literalValue(entry!.value)).toThrow("a test value must be a literal, found a Path expression");
  });
});
