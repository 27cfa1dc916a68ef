// `s matches "re"` in the reference evaluator: the pattern's compiled program run by the runtime's linear matcher, which agrees with `new RegExp(re, "u").test(s)`.
import { regex, type Regex } from "@apol/runtime/ops";
import { compileRegex, isRegexProblem } from "../regex/compile.js";

const matchers = new Map<string, Regex>();

/**
 * Whether `pattern` matches somewhere in `s`. The matcher is shared with generated
 * code so the reference stays linear-time too (the language server runs it on test
 * lenses); its agreement with JavaScript's `RegExp` is a property test of its own.
 */
export function regexMatch(pattern: string, s: string): boolean {
  let matcher = matchers.get(pattern);
  if (!matcher) {
    const program = compileRegex(pattern);
    if (isRegexProblem(program)) throw new Error(`internal: evaluating a pattern the checker refuses: ${program.message}`);
    matcher = regex(program);
    if (matchers.size >= 1000) matchers.clear();
    matchers.set(pattern, matcher);
  }
  return matcher.test(s);
}
