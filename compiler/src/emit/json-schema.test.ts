// JSON Schemas from the checked policy: every declared type maps, doc comments become descriptions, and a real validator agrees with the policy's own argument checks.
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { schemaDrift } from "@apol/runtime";
import type { Checked } from "../check/check.js";
import { runPipeline } from "../pipeline.js";
import { toolJsonSchemas } from "./json-schema.js";
import { compiledModule } from "../../../test/harness/compiled-module.js";

const source = `policy shop
enum Size { small, large }
/// Orders an item for the customer.
tool order(
  /// What to order.
  item: string,
  count: int,
  price: number,
  gift: bool,
  size: Size,
  tags: string[],
  address: { street: string, zip?: string },
  note?: string,
  company: string | string[],
  stops?: (int | { city: string })[],
)
tool ping()
rule ok { allow * }
`;

function checked(text: string): Checked {
  const result = runPipeline(text, "shop.apol", "check");
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.outputs.check as Checked;
}

describe("toolJsonSchemas", () => {
  const schemas = toolJsonSchemas(checked(source));

  it("maps every declared type, with required arguments, enum members and doc comments", () => {
    expect(Object.keys(schemas)).toEqual(["order", "ping"]);
    expect(schemas["order"]).toEqual({
      type: "object",
      description: "Orders an item for the customer.",
      properties: {
        item: { type: "string", description: "What to order." },
        count: { type: "integer" },
        price: { type: "number" },
        gift: { type: "boolean" },
        size: { type: "string", enum: ["small", "large"] },
        tags: { type: "array", items: { type: "string" } },
        address: { type: "object", properties: { street: { type: "string" }, zip: { type: "string" } }, required: ["street"], additionalProperties: false },
        note: { type: "string" },
        company: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
        stops: {
          type: "array",
          items: {
            anyOf: [{ type: "integer" }, { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false }],
          },
        },
      },
      required: ["item", "count", "price", "gift", "size", "tags", "address", "company"],
      additionalProperties: false,
    });
    expect(schemas["ping"]).toEqual({ type: "object", properties: {}, required: [], additionalProperties: false });
  });

  it("accepts exactly the arguments the policy accepts, by a real JSON Schema validator", async () => {
    const module = await compiledModule(source, "shop.apol");
    const validate = new Ajv({ strict: true }).compile(schemas["order"]!);
    const good = { item: "hat", count: 2, price: 9.5, gift: false, size: "small", tags: [], address: { street: "Main St" }, company: "Green Motion" };
    const unions = [
      { company: ["Green Motion", "Hertz"] },
      { company: 7 },
      { company: ["a", 7] },
      { stops: [1, { city: "Oslo" }] },
      { stops: [1.5] },
      { stops: [{ city: 1 }] },
    ].map((u) => ({ ...good, ...u }));
    const cases = [
      good,
      ...unions,
      { ...good, count: 2.5 },
      { ...good, size: "huge" },
      { ...good, extra: 1 },
      { ...good, address: { street: "x", floor: 2 } },
      { ...good, tags: [1] },
      { item: "hat" },
    ];
    for (const args of cases) {
      const policySays = module.evaluate({ tool: "order", args }, undefined, false).rule !== "$invalid-request";
      expect(validate(args), JSON.stringify(args)).toBe(policySays);
    }
  });

  it("agrees with itself under the drift check", () => {
    expect(schemaDrift(schemas["order"]!, schemas["order"])).toEqual([]);
  });
});
