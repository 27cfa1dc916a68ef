import { describe, expect, it } from "vitest";
import type { IrExpr } from "../ir/decision-tree.js";
import { printExpr } from "../ir/print.js";
import { simplifyGlobs } from "./globs.js";

const at = { start: 0, end: 0 };
const like = (pattern: string): IrExpr => ({ op: "like", subject: { op: "arg", name: "path", optional: false, path: [], origin: at }, pattern, origin: at });

describe("simplifyGlobs", () => {
  it.each([
    ["/etc/passwd", '(args.path == "/etc/passwd")'],
    ["/workspace/**", '(args.path startsWith "/workspace/")'],
    ["**.env", '(args.path endsWith ".env")'],
    ["/home/*/.ssh/**", '(args.path like "/home/*/.ssh/**")'],
    ["/tmp/*", '(args.path like "/tmp/*")'],
    ["**/etc/**", '(args.path like "**/etc/**")'],
    ["a?c", '(args.path like "a?c")'],
  ])("rewrites `%s` only when a plain string test is equivalent", (pattern, printed) => {
    expect(printExpr(simplifyGlobs(like(pattern)))).toBe(printed);
  });
});
