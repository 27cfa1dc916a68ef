// The `.d.ts` beside a generated module: how requests are typed.
import { describe, expect, it } from "vitest";
import { runPipeline } from "../pipeline.js";

const declarations = (text: string): string => runPipeline(text, "p.apol").outputs.emit?.dts ?? "";

describe("emitDeclarations", () => {
  it("lets an optional argument or record field be null, which the policy reads as absent", () => {
    const dts = declarations("policy p\ntool send(to: string, cc?: string, meta?: { a?: int })\nrule r { allow send }\n");
    expect(dts).toContain('readonly args: { readonly "to": string; readonly "cc"?: string | null; readonly "meta"?: { readonly "a"?: number | null; } | null; }');
  });
});
