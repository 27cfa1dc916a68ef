// Rewrites `like` patterns that are a plain prefix, suffix or literal into `startsWith`, `endsWith` or `==`: no matcher needed.
import type { IrExpr } from "../ir/decision-tree.js";
import { rewrite } from "./rewrite.js";

const wildcard = /[*?]/;

/**
 * `s like "lit"` is `s == "lit"`; `s like "pre**"` is `s startsWith "pre"` (`**` matches
 * anything, `/` included); `s like "**suf"` is `s endsWith "suf"`. Other patterns keep
 * the general linear-time matcher.
 */
export function simplifyGlobs(expr: IrExpr): IrExpr {
  return rewrite(expr, (e) => {
    if (e.op !== "like") return e;
    const { pattern, subject, origin } = e;
    const lit = (value: string): IrExpr => ({ op: "lit", value, origin });
    if (!wildcard.test(pattern)) return { op: "eq", left: subject, right: lit(pattern), strict: true, origin };
    if (pattern.endsWith("**") && !wildcard.test(pattern.slice(0, -2))) return { op: "startsWith", subject, other: lit(pattern.slice(0, -2)), origin };
    if (pattern.startsWith("**") && !wildcard.test(pattern.slice(2))) return { op: "endsWith", subject, other: lit(pattern.slice(2)), origin };
    return e;
  });
}
