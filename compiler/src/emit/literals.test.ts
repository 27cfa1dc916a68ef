import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeString } from "../syntax/literals.js";
import { jsString, jsValue } from "./literals.js";
import { compiledModule } from "../../../test/harness/compiled-module.js";

const evil = ['"', "\\", "${x}", "`", "</script>", "\u2028", "\u2029", "\ud800", "\udfff", "\n\r\t", "'", "\u0000"];

describe("jsString", () => {
  it("evaluates back to the same string, for any string", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme-composite" }), fc.string({ unit: "binary" }), fc.constantFrom(...evil)), (s) => {
        // eslint-disable-next-line no-new-func -- the point is to run the emitted literal as JavaScript
        expect(new Function(`return ${jsString(s)};`)()).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it("never contains a raw line separator, `<` or an unpaired surrogate", () => {
    expect(jsString("a\u2028b\u2029c</script>\ud800")).toBe('"a\\u2028b\\u2029c\\u003c/script>\\ud800"');
  });

  it("keeps `__proto__` an ordinary key", () => {
    const input: unknown = JSON.parse('{"__proto__": 1, "a": [1, "x"]}');
    // eslint-disable-next-line no-new-func -- runs the emitted literal to see which prototype it builds
    const value = new Function(`return ${jsValue(input)};`)() as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "a"]);
  });
});

describe("generated modules with hostile strings", () => {
  it("load and decide correctly whatever the policy's strings contain", async () => {
    for (const s of evil) {
      const literal = encodeString(s);
      const policy = [
        "policy p",
        "tool t(x: string)",
        `rule exact { allow t when args.x == ${literal} reason ${literal} }`,
        `rule glob { deny t when args.x like ${encodeString(`${s}*`)} and args.x != ${literal} reason ${encodeString(`glob ${s}`)} }`,
        "",
      ].join("\n");
      const module = await compiledModule(policy, `evil-${JSON.stringify(s)}.apol`);
      expect(module.evaluate({ tool: "t", args: { x: s } }, undefined, false)).toEqual({ effect: "allow", rule: 0 });
      expect(module.rules[0]?.reason).toBe(s);
      expect(module.evaluate({ tool: "t", args: { x: `${s}-more` } }, undefined, false)).toEqual({ effect: "deny", rule: 1 });
    }
  });
});
