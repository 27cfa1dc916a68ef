// The value a scalar literal writes, the one reading of literals that consts, checked constants, test values and JSON share.
import type * as ast from "./ast.js";

/** The value of a string, number or boolean literal, or of a negative number (`-5`); undefined for any other expression. */
export function scalarValue(expr: ast.Expr): string | number | boolean | undefined {
  switch (expr.kind) {
    case "String":
    case "Number":
    case "Bool":
      return expr.value;
    case "Unary":
      return expr.op === "-" && expr.operand.kind === "Number" ? -expr.operand.value : undefined;
    default:
      return undefined;
  }
}

/** The value of a number literal, negative or not; undefined for any other expression. */
export function numberValue(expr: ast.Expr): number | undefined {
  const value = scalarValue(expr);
  return typeof value === "number" ? value : undefined;
}
