// Lint: a tool that rules target but that no `allow` or `review` rule can decide for, so every call to it is denied.
import type { Checked } from "../check/check.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import { spellToolName } from "../syntax/tool-names.js";
import type { Finding } from "./finding.js";

/**
 * Reports each tool whose `allow` and `review` rules are all in `neverDecides`
 * (none at all included): a call is allowed or held for review only by such a
 * rule deciding, so every call to the tool is denied. A tool no rule targets
 * is left to the checker, whose `apol/unused-declaration` already says so.
 */
export function deadTools(checked: Checked, neverDecides: ReadonlySet<string>): Finding[] {
  const found: Finding[] = [];
  for (const [toolName, tool] of checked.symbols.tools) {
    const name = spellToolName(toolName);
    const targeting = checked.rules.filter((r) => r.tools.includes(toolName));
    if (targeting.length === 0) continue;
    const granting = targeting.filter((r) => r.effect === "allow" || r.effect === "review");
    if (granting.some((r) => !neverDecides.has(r.name))) continue;
    const message =
      granting.length === 0
        ? `no \`allow\` or \`review\` rule targets tool \`${name}\`, so every call to it is denied`
        : `no \`allow\` or \`review\` rule of tool \`${name}\` ever decides, so every call to it is denied`;
    found.push({
      deadTool: toolName,
      diagnostic: diagnostic("apol/dead-tool", tool.decl.name.span, message, {
        help:
          granting.length === 0
            ? `add an \`allow\` rule for \`${name}\`, or remove the tool`
            : `fix the rules that should allow \`${name}\`, or remove the tool`,
        ...(granting.length === 0
          ? {}
          : { related: granting.map((r) => ({ span: r.decl.name.span, message: `rule \`${r.name}\` targets it but never decides` })) }),
      }),
    });
  }
  return found;
}
