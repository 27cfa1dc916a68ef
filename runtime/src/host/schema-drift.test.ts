// The drift check between a policy's tool schema and an SDK's: each kind of disagreement is named by its path, and hostile input is data.
import { describe, expect, it } from "vitest";
import { schemaDrift, type JsonSchema } from "./schema-drift.js";

const policy: JsonSchema = {
  type: "object",
  properties: {
    amount: { type: "integer" },
    currency: { type: "string", enum: ["EUR", "USD"] },
    note: { type: "string" },
    lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] } },
  },
  required: ["amount", "currency", "lines"],
};
const agreeing = {
  type: "object",
  description: "descriptions are not compared",
  properties: {
    amount: { type: "integer", minimum: 0 },
    currency: { type: "string", enum: ["USD", "EUR"] },
    note: { type: ["string", "null"] },
    lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] } },
  },
  required: ["amount", "currency", "lines"],
};

describe("schemaDrift", () => {
  it("finds nothing when the tool's schema says what the policy says (enum order, nullable optionals and extra keywords aside)", () => {
    expect(schemaDrift(policy, agreeing)).toEqual([]);
  });

  it("names each disagreement by its path", () => {
    const drifted = {
      ...agreeing,
      properties: {
        amount: { type: "string" },
        currency: { type: "string", enum: ["EUR"] },
        lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } } } },
        memo: { type: "string" },
      },
      required: ["currency"],
    };
    expect(schemaDrift(policy, drifted)).toEqual([
      "`args.amount`: the policy requires it, the tool leaves it optional",
      "`args.amount`: the policy says integer, the tool says string",
      "`args.currency`: the policy allows `EUR`, `USD`, the tool `EUR`",
      "`args.note`: the policy declares it, the tool does not",
      "`args.lines`: the policy requires it, the tool leaves it optional",
      "`args.lines[].sku`: the policy requires it, the tool leaves it optional",
      "`args.memo`: the tool declares it, the policy does not (the call would be refused)",
    ]);
  });

  it("matches a union's forms by type, whether the tool writes `anyOf`, `oneOf` or a list of types", () => {
    const union: JsonSchema = { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] };
    expect(schemaDrift(union, { anyOf: [{ type: "array", items: { type: "string" } }, { type: "string" }] })).toEqual([]);
    expect(schemaDrift(union, { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }, { type: "null" }] })).toEqual([]);
    expect(schemaDrift(union, { type: ["string", "array"], items: { type: "string" } })).toEqual([]);
    expect(schemaDrift(union, { anyOf: [{ type: "string" }, { type: "array", items: { type: "integer" } }, { type: "boolean" }] })).toEqual([
      "`args[]`: the policy says string, the tool says integer",
      "`args`: the tool accepts boolean, the policy does not (the call would be refused)",
    ]);
    expect(schemaDrift(union, { type: "string" })).toEqual(["`args`: the policy accepts array, the tool does not"]);
    expect(schemaDrift({ type: "string" }, { type: ["string", "array"], items: { type: "string" } })).toEqual([
      "`args`: the tool accepts array, the policy does not (the call would be refused)",
    ]);
    expect(schemaDrift({ type: "string" }, { anyOf: [{ type: "string" }, { type: "null" }] })).toEqual([]);
    const cyclic: Record<string, unknown> = {};
    cyclic["anyOf"] = [cyclic, { type: "string" }];
    expect(schemaDrift(union, cyclic)).toEqual([
      "`args`: the policy accepts array, the tool does not",
      "`args`: the tool accepts any value, the policy does not (the call would be refused)",
    ]);
  });

  it("never throws on hostile schemas: cycles, getters that throw are reported or read as data", () => {
    const cyclic: Record<string, unknown> = { type: "array" };
    cyclic["items"] = cyclic;
    const deep: JsonSchema = { type: "array", items: { type: "array", items: { type: "array", items: { type: "array" } } } };
    let nested: JsonSchema = { type: "string" };
    for (let i = 0; i < 40; i++) nested = { type: "array", items: nested };
    expect(schemaDrift(deep, cyclic)).toEqual([]);
    expect(schemaDrift(nested, cyclic).at(-1)).toMatch(/nested too deeply to compare/);
    expect(schemaDrift(policy, null)).toEqual(["`args`: the tool's schema is not an object"]);
    expect(schemaDrift(policy, "object")).toEqual(["`args`: the tool's schema is not an object"]);
  });
});
