// Inlay hints: the inferred type after the name of each `const`, and the tools each `tagged` or `tier` target covers.
import { spellToolName, toolsCovered, typeToString, walk, type Ast } from "@apol/compiler";
import { InlayHintKind, type InlayHint, type Range } from "vscode-languageserver";
import { inDocument, type Analysis } from "./analysis.js";
import { overlaps, toPosition, toSpan } from "./positions.js";

/** `: string[]` after `const finance`, and `send_money, send_email` after `tagged financial`, inside `range`. */
export function inlayHints(analysis: Analysis, range: Range): InlayHint[] {
  const within = toSpan(analysis.index, range);
  const out: InlayHint[] = [];
  for (const symbol of analysis.checked.symbols.consts.values()) {
    const name = symbol.decl.name.span;
    if (!overlaps(name, within) || !inDocument(analysis, name) || symbol.type.kind === "error") continue;
    out.push({ position: toPosition(analysis.index, name.end), label: `: ${typeToString(symbol.type)}`, kind: InlayHintKind.Type, paddingLeft: false });
  }
  // Only the declarations in the range are walked: an editor asks for the visible lines after every keystroke, and walking a 5,000-line policy took 40 to 120 ms.
  for (const decl of analysis.ast.declarations) {
    if (!overlaps(decl.span, within)) continue;
    walk(decl, (node) => {
      if (!("kind" in node) || (node.kind !== "TagTarget" && node.kind !== "TierTarget") || !overlaps(node.span, within) || !inDocument(analysis, node.span))
        return;
      out.push(coverageHint(analysis, node));
    });
  }
  return out.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}

/** The most tools a hint names: a tag on twenty tools would push the rule off the screen; the tooltip names them all. */
const shownTools = 3;

/** After a `tagged`/`tier` target, the tools it covers: what the rule really targets, which the target alone hides. */
function coverageHint(analysis: Analysis, target: Extract<Ast.Target, { kind: "TagTarget" | "TierTarget" }>): InlayHint {
  const names = toolsCovered(analysis.checked.symbols, target).map((tool) => spellToolName(tool.name));
  const shown = names.slice(0, shownTools).join(", ");
  const label = names.length === 0 ? "no tool" : names.length > shownTools ? `${shown} +${names.length - shownTools}` : shown;
  return {
    position: toPosition(analysis.index, target.span.end),
    label,
    paddingLeft: true,
    ...(names.length > shownTools ? { tooltip: `covers ${names.join(", ")}` } : {}),
  };
}
