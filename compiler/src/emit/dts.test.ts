// The `.d.ts` beside a generated module: how requests are typed.
import { describe, expect, it } from "vitest";
import { runPipeline } from "../pipeline.js";

const declarations = (text: string): string => runPipeline(text, "p.apol").outputs.emit?.dts ?? "";

describe("emitDeclarations", () => {
  it("lets an optional argument or record field be null, which the policy reads as absent", () => {
    const dts = declarations("policy p\ntool send(to: string, cc?: string, meta?: { a?: int })\nrule r { allow send }\n");
    expect(dts).toContain(
      'readonly args: { readonly "to": string; readonly "cc"?: string | null; readonly "meta"?: { readonly "a"?: number | null; } | null; }',
    );
  });

  it("types a union argument as the union of its members' types, once per TypeScript spelling", () => {
    const dts = declarations(
      "policy p\nenum Role { a, b }\ntool rent(company: string | string[], who?: Role | { id: int }, n: (int | bool)[])\nrule r { allow rent }\n",
    );
    expect(dts).toContain(
      'readonly args: { readonly "company": string | readonly (string)[]; readonly "who"?: Role | { readonly "id": number; } | null; readonly "n": readonly (number | boolean)[]; }',
    );
  });

  it("types a tool named as MCP spells it by its exact name", () => {
    const dts = declarations('policy p\ntool "fs/write"(path: string)\ntool "send"()\nrule r { allow "fs/write", send }\n');
    expect(dts).toContain('(RequestBase & { readonly tool: "fs/write"; readonly args: { readonly "path": string; } })');
    expect(dts).toContain('(RequestBase & { readonly tool: "send"; readonly args?: {} })');
  });

  it("types identity parts by their shapes and exports enums, writing out an enum whose name the file already uses", () => {
    const dts = declarations("policy p\nenum Role { a, b }\nenum User { x }\nuser { role: Role, kind: User }\ntool send(r: Role)\nrule r { allow send }\n");
    expect(dts).toContain('export type Role = "a" | "b";');
    expect(dts).toContain('export type User = { readonly "role": Role; readonly "kind": "x"; };');
    expect(dts).toContain("  readonly user?: User;");
    expect(dts).toContain("  readonly agent?: Readonly<Record<string, unknown>>;");
    expect(dts).not.toContain('export type User = "x"');
  });
});
