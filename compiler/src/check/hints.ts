// Did-you-mean help and fixes for unknown names, built on the one `suggest`.
import type { DiagnosticExtras } from "../diagnostics/diagnostic.js";
import { suggest } from "../diagnostics/suggest.js";
import type { Span } from "../source/span.js";
import { spellToolName } from "../syntax/tool-names.js";

/**
 * Help for an unknown `name`: "did you mean `x`?" with a one-click fix replacing
 * `span`, or else `otherwise` (a list of what is available, or how to declare it).
 */
export function didYouMean(
  name: string,
  candidates: Iterable<string>,
  span: Span,
  otherwise?: string,
  spell: (name: string) => string = (n) => n,
): DiagnosticExtras {
  const found = suggest(name, candidates);
  if (found !== undefined) {
    // `spell` writes the suggestion as source text: a tool name such as `create-issue` needs its quotes.
    const best = spell(found);
    return {
      help: `did you mean \`${best}\`?`,
      fix: { title: `replace with \`${best}\``, edits: [{ span, newText: best }] },
    };
  }
  return otherwise === undefined ? {} : { help: otherwise };
}

/** Help for an unknown tool: the nearest declared one, written as source (quoted where it must be), or how to declare it. */
export function unknownTool(name: string, tools: Iterable<string>, span: Span): DiagnosticExtras {
  return didYouMean(name, tools, span, `declare it: \`tool ${spellToolName(name)}(...)\``, spellToolName);
}

/** "`a`, `b` and `c`", capped so a 10,000-tool policy does not print a novel. */
export function listNames(names: readonly string[], max = 8): string {
  const quoted = names.slice(0, max).map((n) => `\`${n}\``);
  if (names.length > max) return `${quoted.join(", ")} and ${names.length - max} more`;
  if (quoted.length <= 1) return quoted[0] ?? "none";
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}
