import { describe, expect, it } from "vitest";
import { redactPaths } from "./redact.js";

describe("redactPaths", () => {
  it("copies only the containers on a changed path and leaves the rest shared", () => {
    const output = { a: { b: 1, c: [1, 2] }, d: { e: 2 } };
    const { output: result, redacted } = redactPaths(output, [["a", "b"]]);
    expect(result).toEqual({ a: { b: "[redacted]", c: [1, 2] }, d: { e: 2 } });
    expect(redacted).toEqual(["output.a.b"]);
    const r = result as typeof output;
    expect(r.d).toBe(output.d);
    expect(r.a.c).toBe(output.a.c);
    expect(output.a.b).toBe(1);
  });

  it("returns the same output when no path finds a field", () => {
    const output = { a: [{ b: 1 }], n: null };
    expect(redactPaths(output, [["x"], ["a", "b"], ["n", "m"], ["a", "[*]", "c"]]).output).toBe(output);
  });

  it("reports each concrete path once, in the order replaced", () => {
    const output = { list: [{ k: 1 }, { k: 2 }], top: 3 };
    expect(redactPaths(output, [["list", "[*]", "k"], ["top"], ["list", "[*]", "k"]]).redacted).toEqual(["output.list[0].k", "output.list[1].k", "output.top"]);
  });

  it("treats only own, defined fields of plain objects as present", () => {
    const inherited = Object.create({ secret: "x" }) as Record<string, unknown>;
    expect(redactPaths(inherited, [["secret"]]).redacted).toEqual([]);
    expect(redactPaths({ secret: undefined }, [["secret"]]).redacted).toEqual([]);
    expect(redactPaths(["secret"], [["secret"]]).redacted).toEqual([]);
    expect(redactPaths({ secret: null }, [["secret"]])).toEqual({ output: { secret: "[redacted]" }, redacted: ["output.secret"] });
  });

  it("replaces every element for a final `[*]`, and a `__proto__` field as data", () => {
    expect(redactPaths([1, [2]], [["[*]"]])).toEqual({ output: ["[redacted]", "[redacted]"], redacted: ["output[0]", "output[1]"] });
    const output = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const result = redactPaths(output, [["__proto__"]]).output as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(result, "__proto__")?.value).toBe("[redacted]");
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });
});
