// Static safety check of `matches` patterns: valid JavaScript syntax, and no shape that backtracks exponentially.

/** Why a pattern is unsafe, or undefined if it is safe. */
export type RegexProblem =
  | { readonly kind: "invalid"; readonly message: string }
  | { readonly kind: "catastrophic"; readonly message: string; readonly help: string };

const backreference: RegexProblem = {
  kind: "catastrophic",
  message: "it uses a backreference",
  help: "match without the backreference, e.g. list the alternatives",
};
const nestedHelp = "remove the nested repetition (e.g. `(a+)+` → `a+`), or use `like` for globs";

/**
 * Checks a pattern. Rejected as catastrophic: a quantified group that itself contains an
 * unbounded quantifier (`(a+)+`, `(\w*\s?)*`), a quantified group with alternatives
 * (`(a|ab)*`, where alternatives may overlap), and backreferences (`\1`), which make
 * matching NP-hard. This is conservative: some safe patterns are refused, none of the
 * classic exponential ones pass.
 */
export function checkRegex(pattern: string): RegexProblem | undefined {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/\w*: /, "") : String(error);
    return { kind: "invalid", message: message.charAt(0).toLowerCase() + message.slice(1) };
  }
  // One frame per open group: does its body contain an unbounded quantifier or a `|`?
  const stack: { unbounded: boolean; alternation: boolean }[] = [{ unbounded: false, alternation: false }];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const top = stack[stack.length - 1] as { unbounded: boolean; alternation: boolean };
    if (c === "\\") {
      const next = pattern[i + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) return backreference;
      if (!inClass && next === "k" && pattern[i + 2] === "<") return backreference;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") stack.push({ unbounded: false, alternation: false });
    else if (c === "|") top.alternation = true;
    else if (c === ")") {
      const group = stack.pop() as { unbounded: boolean; alternation: boolean };
      const quantifier = quantifierAt(pattern, i + 1);
      const parent = stack[stack.length - 1] as { unbounded: boolean; alternation: boolean };
      if (quantifier?.unbounded && group.unbounded) {
        return { kind: "catastrophic", message: `the group ending at offset ${i} repeats a sub-pattern that itself repeats without bound`, help: nestedHelp };
      }
      if (quantifier?.unbounded && group.alternation) {
        return { kind: "catastrophic", message: `the group ending at offset ${i} repeats alternatives that may overlap`, help: nestedHelp };
      }
      parent.unbounded ||= group.unbounded || quantifier?.unbounded === true;
      if (quantifier) i += quantifier.length;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier) {
        top.unbounded ||= quantifier.unbounded;
        i += quantifier.length - 1;
      }
    }
  }
  return undefined;
}

/** The quantifier starting at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each optionally lazy), if any. */
function quantifierAt(pattern: string, i: number): { unbounded: boolean; length: number } | undefined {
  const c = pattern[i];
  let length = 0;
  let unbounded = false;
  if (c === "*" || c === "+") {
    length = 1;
    unbounded = true;
  } else if (c === "?") length = 1;
  else if (c === "{") {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!match) return undefined;
    length = match[0].length;
    // `{n,}` is unbounded; a large finite bound is treated as unbounded too (`(a+){1,1000}`).
    unbounded = match[2] !== undefined && (match[3] === "" || Number(match[3]) > 10);
  } else return undefined;
  if (pattern[i + length] === "?") length++;
  return { unbounded, length };
}
