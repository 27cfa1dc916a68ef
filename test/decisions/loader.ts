// Loads and validates the decision corpus: YAML files of a policy, calls and the decisions they must get.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import type { Effect, EvaluationState, HistoryEntry, LabelledContent } from "../../runtime/src/contract.js";
import { isFaultKind, type FaultKind } from "../../runtime/src/evaluate/fault.js";

/** The decision a call must get: rules by name; `reason` and `matched` are checked only when given. */
export interface ExpectedDecision {
  readonly effect: Effect;
  readonly rule: string;
  readonly reason?: string;
  readonly matched?: readonly string[];
  /** The fault a deny matched by; every decision's `fault` is compared, so a case that faults must say so. */
  readonly fault?: FaultKind;
}

export interface DecisionCall {
  readonly request: unknown;
  /** The call's own state, else the case's. */
  readonly state: EvaluationState | undefined;
  readonly expect: ExpectedDecision;
}

export interface DecisionCase {
  /** The path relative to the corpus root, for messages. */
  readonly file: string;
  readonly note: string;
  readonly policy: string;
  readonly calls: readonly DecisionCall[];
}

const effects: readonly string[] = ["allow", "deny", "review"];

/** Collects every problem of one file, each prefixed with where it is, so one run shows them all. */
class Problems {
  readonly list: string[] = [];
  add(at: string, message: string): void {
    this.list.push(`${at}: ${message}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], at: string, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.add(at, `unknown key \`${key}\` (allowed: ${allowed.join(", ")})`);
  }
}

/** A time as milliseconds: a number, or an ISO 8601 string for readability. */
function time(value: unknown, at: string, problems: Problems): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) problems.add(at, `must be milliseconds or an ISO 8601 time such as "2026-11-21T10:00:00Z" (found ${JSON.stringify(value)})`);
  return ms;
}

function stringList(value: unknown, at: string, problems: Problems): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  problems.add(at, `must be a list of strings (found ${JSON.stringify(value)})`);
  return [];
}

function readState(value: unknown, at: string, problems: Problems): EvaluationState | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.add(at, "must be a mapping with `now`, `history` and/or `contents`");
    return undefined;
  }
  onlyKeys(value, ["now", "history", "contents"], at, problems);
  const history: HistoryEntry[] = [];
  const contents: LabelledContent[] = [];
  if (value["history"] !== undefined) {
    if (!Array.isArray(value["history"])) problems.add(`${at}.history`, "must be a list of `{ tool, args, time, output? }`");
    else
      value["history"].forEach((entry: unknown, i) => {
        const where = `${at}.history[${i}]`;
        if (!isObject(entry) || typeof entry["tool"] !== "string") return problems.add(where, "must be a mapping with a string `tool`, `args` and `time`");
        onlyKeys(entry, ["tool", "args", "time", "output"], where, problems);
        const args = entry["args"] ?? {};
        if (!isObject(args)) problems.add(`${where}.args`, "must be a mapping");
        const ms = time(entry["time"], `${where}.time`, problems);
        history.push({ tool: entry["tool"], args: args as Record<string, unknown>, time: ms, ...("output" in entry ? { output: entry["output"] } : {}) });
      });
  }
  if (value["contents"] !== undefined) {
    if (!Array.isArray(value["contents"])) problems.add(`${at}.contents`, "must be a list of `{ text, labels }`");
    else
      value["contents"].forEach((content: unknown, i) => {
        const where = `${at}.contents[${i}]`;
        if (!isObject(content) || typeof content["text"] !== "string") return problems.add(where, "must be a mapping with a string `text` and `labels`");
        onlyKeys(content, ["text", "labels"], where, problems);
        contents.push({ text: content["text"], labels: stringList(content["labels"], `${where}.labels`, problems) });
      });
  }
  return {
    ...(value["now"] !== undefined ? { now: time(value["now"], `${at}.now`, problems) } : {}),
    ...(value["history"] !== undefined ? { history } : {}),
    ...(value["contents"] !== undefined ? { contents } : {}),
  };
}

function readExpect(value: unknown, at: string, problems: Problems): ExpectedDecision {
  if (!isObject(value)) {
    problems.add(at, "must be a mapping such as `{ effect: deny, rule: $default }`");
    return { effect: "deny", rule: "" };
  }
  onlyKeys(value, ["effect", "rule", "reason", "matched", "fault"], at, problems);
  const effect = value["effect"];
  if (typeof effect !== "string" || !effects.includes(effect))
    problems.add(`${at}.effect`, `must be one of ${effects.join(", ")} (found ${JSON.stringify(effect)})`);
  const rule = value["rule"];
  if (typeof rule !== "string" || rule === "") problems.add(`${at}.rule`, "must name the deciding rule, or `$default`, `$unknown-tool`, `$invalid-request`");
  if (value["reason"] !== undefined && typeof value["reason"] !== "string") problems.add(`${at}.reason`, "must be a string");
  const fault = value["fault"];
  if (fault !== undefined && !isFaultKind(fault)) problems.add(`${at}.fault`, `must be \`no time\` or \`bad value\` (found ${JSON.stringify(fault)})`);
  return {
    effect: effect as Effect,
    rule: rule as string,
    ...(typeof value["reason"] === "string" ? { reason: value["reason"] } : {}),
    ...(value["matched"] !== undefined ? { matched: stringList(value["matched"], `${at}.matched`, problems) } : {}),
    ...(isFaultKind(fault) ? { fault } : {}),
  };
}

/** Parses one case file; throws an error listing every problem found. */
export function parseDecisionCase(text: string, file: string): DecisionCase {
  const problems = new Problems();
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(doc)) throw new Error(`${file}: must be a mapping with \`note\`, \`policy\` and \`calls\``);
  onlyKeys(doc, ["note", "policy", "state", "calls"], file, problems);
  if (typeof doc["note"] !== "string" || doc["note"].trim() === "") problems.add(`${file}: note`, "must say what the case shows");
  if (typeof doc["policy"] !== "string") problems.add(`${file}: policy`, "must be the policy source (use `policy: |`)");
  const state = readState(doc["state"], `${file}: state`, problems);
  const calls: DecisionCall[] = [];
  if (!Array.isArray(doc["calls"]) || doc["calls"].length === 0) problems.add(`${file}: calls`, "must be a non-empty list of `{ request, expect }`");
  else
    doc["calls"].forEach((call: unknown, i) => {
      const at = `${file}: calls[${i}]`;
      if (!isObject(call) || !("request" in call)) return problems.add(at, "must be a mapping with `request` and `expect`");
      onlyKeys(call, ["request", "state", "expect"], at, problems);
      const own = readState(call["state"], `${at}.state`, problems);
      calls.push({ request: call["request"], state: own ?? state, expect: readExpect(call["expect"], `${at}.expect`, problems) });
    });
  if (problems.list.length > 0) throw new Error(`invalid decision case:\n  ${problems.list.join("\n  ")}`);
  return { file, note: doc["note"] as string, policy: doc["policy"] as string, calls };
}

/** Every `*.yaml` under `root`, sorted by path, parsed and validated. */
export function loadDecisionCases(root: string): DecisionCase[] {
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".yaml")).sort();
  return files.map((f) => parseDecisionCase(readFileSync(join(root, f), "utf8"), relative(root, join(root, f))));
}
