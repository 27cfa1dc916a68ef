import { describe, expect, it } from "vitest";
import type { IrExpr } from "../ir/decision-tree.js";
import { Shapes } from "./shapes.js";

const at = (start: number) => ({ start, end: start + 1 });
const arg = (name: string, start = 0): IrExpr => ({ op: "arg", name, optional: false, path: [], origin: at(start) });
const lit = (value: string | number, start = 0): IrExpr => ({ op: "lit", value, origin: at(start) });
const gt = (left: IrExpr, right: IrExpr, start = 0): IrExpr => ({ op: "gt", left, right, origin: at(start) });

describe("Shapes", () => {
  it("numbers equal expressions alike, wherever they come from", () => {
    const shapes = new Shapes();
    expect(shapes.id(gt(arg("a", 1), lit(3, 2), 3))).toBe(shapes.id(gt(arg("a", 10), lit(3, 20), 30)));
  });

  it("tells apart a different operator, field value, sub-expression or order of sub-expressions", () => {
    const shapes = new Shapes();
    const base = shapes.id(gt(arg("a"), lit(3)));
    const others: IrExpr[] = [
      { op: "lt", left: arg("a"), right: lit(3), origin: at(0) },
      gt(arg("b"), lit(3)),
      gt(arg("a"), lit("3")),
      gt(lit(3), arg("a")),
      { op: "arg", name: "a", optional: true, path: [], origin: at(0) },
    ];
    const ids = others.map((e) => shapes.id(e));
    expect(new Set([base, ...ids]).size).toBe(others.length + 1);
  });

  it("compares list fields, windows and nested types by value", () => {
    const shapes = new Shapes();
    const count = (windowMs: number, tools: string[]): IrExpr => ({ op: "count", tools, windowMs, origin: at(0) });
    expect(shapes.id(count(Infinity, ["t", "u"]))).toBe(shapes.id(count(Infinity, ["t", "u"])));
    expect(shapes.id(count(Infinity, ["t"]))).not.toBe(shapes.id(count(1000, ["t"])));
    expect(shapes.id(count(1000, ["t", "u"]))).not.toBe(shapes.id(count(1000, ["u", "t"])));
    const part = (name: string): IrExpr => ({ op: "part", part: "user", path: ["role"], type: { enum: ["a", "b"], name }, origin: at(0) });
    expect(shapes.id(part("Role"))).toBe(shapes.id(part("Role")));
    expect(shapes.id(part("Role"))).not.toBe(shapes.id(part("Other")));
  });

  it("numbers the items of a list of sub-expressions in order", () => {
    const shapes = new Shapes();
    const call = (args: IrExpr[]): IrExpr => ({ op: "call", fn: "max", args, origin: at(0) });
    expect(shapes.id(call([lit(1), lit(2)]))).toBe(shapes.id(call([lit(1, 5), lit(2, 6)])));
    expect(shapes.id(call([lit(1), lit(2)]))).not.toBe(shapes.id(call([lit(2), lit(1)])));
    expect(shapes.id(call([lit(1)]))).not.toBe(shapes.id(call([lit(1), lit(1)])));
  });
});
