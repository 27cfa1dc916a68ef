// The reference redaction (docs/semantics.md, "Redacting an output" and "Masking arguments in the log"): which `redact` rules apply, and a naive rewrite of the output or the arguments.
import type * as ast from "../ast/ast.js";
import type { Checked } from "../check/check.js";
import type { EvaluationState } from "../../../runtime/src/contract.js";
import { describeArgumentProblem, ruleMatches } from "./evaluate.js";
import { isDefined, isPlainObject } from "./value-ops.js";

/** What a redaction yields: the rewritten output and the concrete paths replaced, first occurrence only. */
export interface ReferenceRedacted {
  readonly output: unknown;
  readonly redacted: readonly string[];
}

/** The marker a redacted field holds. */
const referenceMarker = "[redacted]";

/**
 * The indexes of the `redact` rules that apply to a request, in source order: none for a request
 * that names no declared tool; every rule of the tool when its arguments do not fit (they cannot be
 * evaluated); else those whose condition holds or faults.
 */
export function redactionsReference(checked: Checked, request: unknown, state: EvaluationState | undefined): number[] {
  if (!isPlainObject(request) || typeof request["tool"] !== "string") return [];
  const name = request["tool"];
  const tool = checked.symbols.tools.get(name);
  if (!tool) return [];
  const targeting = checked.rules.flatMap((rule, index) => (rule.effect === "redact" && rule.tools.includes(name) ? [index] : []));
  const args = request["args"] === undefined ? {} : request["args"];
  if (describeArgumentProblem(args, tool, checked.symbols) !== undefined) return targeting;
  const env = { checked, request, args: args as Record<string, unknown>, tool, state, variables: new Map() };
  return targeting.filter((index) => ruleMatches(checked.rules[index]!, env));
}

/** Applies the applying rules' `output.` paths, rule by rule and path by path, to a copy of the output. */
export function redactReference(checked: Checked, request: unknown, state: EvaluationState | undefined, output: unknown): ReferenceRedacted {
  const paths = redactionsReference(checked, request, state).flatMap((index) => checked.rules[index]!.paths);
  return rewrite(output, "output", paths);
}

/** The arguments as the decision log holds them, and the concrete paths masked (`args.items[0].iban`). */
export interface ReferenceMasked {
  readonly args: unknown;
  readonly masked: readonly string[];
}

/**
 * Masks the request's arguments for the log (docs/semantics.md, "Masking arguments in the log"):
 * the applying rules' `args.` paths, rule by rule and path by path, whatever the decision.
 */
export function maskArgsReference(checked: Checked, request: unknown, state: EvaluationState | undefined): ReferenceMasked {
  const args = isDefined(request, "args") ? (request as Record<string, unknown>)["args"] : undefined;
  const paths = redactionsReference(checked, request, state).flatMap((index) => checked.rules[index]!.argPaths);
  const { output, redacted } = rewrite(args, "args", paths);
  return { args: output, masked: redacted };
}

/** Replaces every field each path names by the marker, in a copy of `value`; reported paths begin with `root`. */
function rewrite(value: unknown, root: string, paths: readonly ast.RedactPath[]): ReferenceRedacted {
  const redacted: string[] = [];
  let result = value;
  for (const path of paths) {
    const steps = path.segments.map((s) => (s.kind === "each" ? null : s.name.text));
    for (const location of locate(result, steps)) {
      result = setAt(result, location, referenceMarker);
      const shown = root + location.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("");
      if (!redacted.includes(shown)) redacted.push(shown);
    }
  }
  return { output: result, redacted };
}

/** Every concrete location a path names in `value` (`null` steps: every index of an array), in document order. */
function locate(value: unknown, steps: readonly (string | null)[]): (string | number)[][] {
  if (steps.length === 0) return [[]];
  const [step, ...rest] = steps;
  if (step === null || step === undefined) {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item: unknown, i) => locate(item, rest).map((l) => [i, ...l]));
  }
  if (!isPlainObject(value) || !isDefined(value, step)) return [];
  return locate(value[step], rest).map((l) => [step, ...l]);
}

/** A copy of `value` with `replacement` at `location`, copying each container on the way. */
function setAt(value: unknown, location: readonly (string | number)[], replacement: unknown): unknown {
  if (location.length === 0) return replacement;
  const [key, ...rest] = location as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((item: unknown, i) => (i === key ? setAt(item, rest, replacement) : item));
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(copy, k, { value: k === key ? setAt(v, rest, replacement) : v, writable: true, enumerable: true, configurable: true });
  }
  return copy;
}
