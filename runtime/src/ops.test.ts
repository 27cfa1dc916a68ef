import { expect, it } from "vitest";
import * as ops from "./ops.js";

it("exports exactly the helpers the code generator calls", () => {
  expect(Object.keys(ops).sort()).toEqual(
    [
      "Fault",
      "faultKind",
      "field",
      "present",
      "conform",
      "typed",
      "eq",
      "includes",
      "contains",
      "glob",
      "regex",
      "lower",
      "upper",
      "len",
      "domain",
      "host",
      "path",
      "scheme",
      "replace",
      "trim",
      "split",
      "div",
      "timeParts",
      "count",
      "sum",
      "callOnly",
      "from",
      "tainted",
      "exposed",
      "redactPaths",
    ].sort(),
  );
  expect(new ops.Fault("x")).toBeInstanceOf(Error);
  expect(new ops.Fault("x").name).toBe("Fault");
  expect([ops.faultKind(new ops.Fault("x")), ops.faultKind(new ops.Fault("x", "no time")), ops.faultKind(new TypeError("x"))]).toEqual([
    "bad value",
    "no time",
    "bad value",
  ]);
});
