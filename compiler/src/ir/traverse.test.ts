import { describe, expect, it } from "vitest";
import type { IrExpr } from "./decision-tree.js";
import { children, mapChildren } from "./traverse.js";

const origin = { start: 0, end: 0 };
let counter = 0;
/** A fresh leaf, distinct by identity and by value. */
const leaf = (): IrExpr => ({ op: "lit", value: `leaf ${++counter}`, origin });

/** One node of every operator (the type refuses a missing one), each sub-expression a fresh leaf. */
const samples: { readonly [Op in IrExpr["op"]]: () => IrExpr } = {
  lit: () => ({ op: "lit", value: [1, "a"], origin }),
  list: () => ({ op: "list", items: [leaf(), leaf(), leaf()], origin }),
  arg: () => ({ op: "arg", name: "x", optional: false, path: ["y"], origin }),
  part: () => ({ op: "part", part: "user", path: ["role"], type: "string", origin }),
  now: () => ({ op: "now", field: "hour", origin }),
  var: () => ({ op: "var", name: "v", path: [], origin }),
  it: () => ({ op: "it", part: "args", path: ["a"], origin }),
  "it-tool": () => ({ op: "it-tool", field: "name", origin }),
  not: () => ({ op: "not", operand: leaf(), origin }),
  neg: () => ({ op: "neg", operand: leaf(), origin }),
  and: () => ({ op: "and", left: leaf(), right: leaf(), origin }),
  or: () => ({ op: "or", left: leaf(), right: leaf(), origin }),
  eq: () => ({ op: "eq", left: leaf(), right: leaf(), strict: true, origin }),
  ne: () => ({ op: "ne", left: leaf(), right: leaf(), strict: false, origin }),
  lt: () => ({ op: "lt", left: leaf(), right: leaf(), origin }),
  le: () => ({ op: "le", left: leaf(), right: leaf(), origin }),
  gt: () => ({ op: "gt", left: leaf(), right: leaf(), origin }),
  ge: () => ({ op: "ge", left: leaf(), right: leaf(), origin }),
  add: () => ({ op: "add", left: leaf(), right: leaf(), origin }),
  sub: () => ({ op: "sub", left: leaf(), right: leaf(), origin }),
  mul: () => ({ op: "mul", left: leaf(), right: leaf(), origin }),
  div: () => ({ op: "div", left: leaf(), right: leaf(), origin }),
  in: () => ({ op: "in", item: leaf(), list: leaf(), negate: false, origin }),
  "in-set": () => ({ op: "in-set", item: leaf(), values: ["a"], negate: true, origin }),
  like: () => ({ op: "like", subject: leaf(), pattern: "a*", origin }),
  matches: () => ({ op: "matches", subject: leaf(), pattern: "^a", origin }),
  startsWith: () => ({ op: "startsWith", subject: leaf(), other: leaf(), origin }),
  endsWith: () => ({ op: "endsWith", subject: leaf(), other: leaf(), origin }),
  contains: () => ({ op: "contains", subject: leaf(), other: leaf(), kind: "json", origin }),
  call: () => ({ op: "call", fn: "max", args: [leaf(), leaf()], origin }),
  has: () => ({ op: "has", root: "args", path: ["a"], origin }),
  from: () => ({ op: "from", relation: "tainted", value: leaf(), arg: "a", label: "untrusted", origin }),
  exposed: () => ({ op: "exposed", label: "secret", origin }),
  any: () => ({ op: "any", variable: "v", list: leaf(), body: leaf(), origin }),
  all: () => ({ op: "all", variable: "v", list: leaf(), body: leaf(), origin }),
  count: () => ({ op: "count", tools: ["t"], windowMs: Infinity, where: leaf(), origin }),
  seen: () => ({ op: "seen", tools: ["t"], windowMs: 1000, origin }),
  sum: () => ({ op: "sum", tool: "t", arg: "a", windowMs: 1000, where: leaf(), origin }),
  is: () => ({ op: "is", operand: leaf(), type: "number", origin }),
  as: () => ({ op: "as", type: "list", operand: leaf(), origin }),
  hoisted: () => ({ op: "hoisted", index: 0, origin }),
};

/** Every own field value that is (or lists) a sub-expression, in field order: what both functions must agree on. */
function leavesOf(expr: IrExpr): unknown[] {
  return Object.values(expr)
    .flatMap((v: unknown) => (Array.isArray(v) ? v : [v]))
    .filter((v) => typeof v === "object" && v !== null && "op" in v);
}

describe.each(Object.entries(samples))("%s", (_op, make) => {
  it("lists as children exactly what `mapChildren` visits, in field order", () => {
    const expr = make();
    const visited: IrExpr[] = [];
    mapChildren(expr, (c) => {
      visited.push(c);
      return c;
    });
    expect(children(expr)).toEqual(visited);
    expect(visited).toEqual(leavesOf(expr));
    visited.forEach((c, i) => expect(c).toBe(children(expr)[i]));
  });

  it("returns the node itself when no child changes, and a new node (the old one untouched) when one does", () => {
    const expr = make();
    const before = JSON.stringify(expr);
    expect(mapChildren(expr, (c) => c)).toBe(expr);
    const replaced = mapChildren(expr, (c) => ({ op: "hoisted", index: 7, origin: c.origin }));
    expect(JSON.stringify(expr)).toBe(before);
    if (children(expr).length === 0) expect(replaced).toBe(expr);
    else {
      expect(replaced).not.toBe(expr);
      expect(children(replaced).map((c) => c.op)).toEqual(children(expr).map(() => "hoisted"));
      expect(Object.keys(replaced)).toEqual(Object.keys(expr));
    }
  });
});
