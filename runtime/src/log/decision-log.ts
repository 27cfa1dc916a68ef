// What an enforcer appends to its decision log: every decision, with its arguments masked by the policy's `redact` rules and as configured, and every approval, rejection and release.
import type { Decision } from "../contract.js";
import { EACH, REDACTED, redactPaths, type RedactStep } from "./redact.js";
import type { ReviewState } from "../review/review.js";
import { isRecord } from "../evaluate/value-semantics.js";

/** One entry of the decision log. */
export type LogEntry =
  | {
      readonly event: "decision";
      readonly decision: Decision;
      /** The call's arguments, with masked fields replaced by `"[redacted]"`. */
      readonly args?: unknown;
      /** The argument paths masked (`args.card.number`), when any were. */
      readonly masked?: readonly string[];
      /** The rest of the request the policy read (`now`, `user`, `agent`, `context`, `resource`, `taint`), as given, so the call can be replayed. */
      readonly request?: RequestParts;
    }
  | {
      readonly event: "approval";
      readonly review: string;
      readonly approver: unknown;
      readonly digest: unknown;
      /** As given: with the approver's public key, an auditor can check the approval from the log alone. */
      readonly signature: unknown;
      readonly state: ReviewState;
    }
  | { readonly event: "rejection"; readonly review: string; readonly by: unknown; readonly reason: unknown; readonly state: ReviewState }
  | { readonly event: "release"; readonly review: string; readonly digest: string; readonly by: readonly string[]; readonly decisionId: string }
  /** An allowed call whose tool failed, voided (`abandon`): it left its session's history. */
  | { readonly event: "void"; readonly decisionId: string; readonly tool: string; readonly session: string };

/** The parts of a request besides its tool, session and arguments, as a decision entry keeps them. */
export type RequestParts = Readonly<Partial<Record<(typeof REQUEST_PARTS)[number], unknown>>>;

/** The parts of a request a decision entry keeps besides the arguments: what a replay needs to decide the call again. */
export const REQUEST_PARTS = ["now", "user", "agent", "context", "resource", "taint"] as const;

/** Where an enforcer writes what it decides: `@apol/audit`'s `AuditLog`, or anything with `append`. */
export interface DecisionSink {
  /** Takes one entry; throwing fails the decision closed (a `$error` deny). */
  append(entry: LogEntry): void;
}

/** Masks by tool (`"*"`: every tool): argument paths such as `password`, `card.number` or `items[*].iban`. */
export type ArgumentMasks = Readonly<Record<string, readonly string[]>>;

/** The steps of an argument path; throws on one that is empty or malformed. */
function steps(path: string): RedactStep[] {
  const found: RedactStep[] = [];
  for (const part of path.split(".")) {
    const match = /^([^[\]]+)((?:\[\*\])*)$/.exec(part);
    if (!match) throw new TypeError(`\`maskArgs\`: \`${path}\` is not an argument path like \`card.number\` or \`items[*].iban\``);
    found.push(match[1]!, ...Array.from({ length: match[2]!.length / 3 }, () => EACH));
  }
  return found;
}

/** How the log holds the arguments of a request the policy could not read (`$unknown-tool`, `$invalid-request`): by name, values masked, or in clear. */
export type InvalidArgs = "masked" | "clear";

/** The rules of requests whose arguments no `redact` rule or mask can be trusted to cover: a misspelt tool or argument name misses them. */
const UNREAD: ReadonlySet<string> = new Set(["$unknown-tool", "$invalid-request"]);

/** Arguments with every value masked, by name: `{ new_password: "[redacted]" }`, and the paths masked. */
function byName(args: unknown): { output: unknown; masked: string[] } {
  if (!isRecord(args)) return { output: REDACTED, masked: ["args"] };
  const output: Record<string, unknown> = {};
  const masked: string[] = [];
  for (const key of Object.keys(args)) {
    // `defineProperty`, not assignment: a `__proto__` argument is a name like any other.
    Object.defineProperty(output, key, { value: REDACTED, writable: true, enumerable: true, configurable: true });
    masked.push(`args.${key}`);
  }
  return { output, masked };
}

/** The decision without its provenance evidence: an excerpt may hold the text of an argument the log masks. */
function unmatched(decision: Decision): Decision {
  if (decision.provenance === undefined) return decision;
  const { provenance: _, ...rest } = decision;
  return rest;
}

/** Builds log entries for one policy's decisions. */
export class DecisionEntries {
  private readonly everyTool: readonly RedactStep[][];
  private readonly byTool: ReadonlyMap<string, readonly RedactStep[][]>;

  constructor(
    masks: ArgumentMasks = {},
    private readonly invalidArgs: InvalidArgs = "masked",
  ) {
    if (invalidArgs !== "masked" && invalidArgs !== "clear") throw new TypeError("`logInvalidArgs` must be `masked` or `clear`");
    if (!isRecord(masks)) throw new TypeError("`maskArgs` maps tool names (or `*`) to lists of argument paths");
    const parsed = new Map(Object.entries(masks).map(([tool, paths]) => [tool, paths.map(steps)] as const));
    this.everyTool = parsed.get("*") ?? [];
    parsed.delete("*");
    this.byTool = new Map([...parsed].map(([tool, paths]) => [tool, [...this.everyTool, ...paths]] as const));
  }

  /**
   * The entry for `decision` about a request with arguments `args`: masked first by `ruleMasks`
   * (the `args.` paths of the `redact` rules that apply to the call, in source order), then as configured;
   * for a request the policy could not read, every value is masked unless `invalidArgs` is `"clear"`.
   */
  decision(decision: Decision, args: unknown, ruleMasks: readonly (readonly RedactStep[])[] = [], parts: RequestParts = {}): LogEntry {
    const entry = this.argsEntry(decision, args, ruleMasks);
    return Object.keys(parts).length === 0 ? entry : { ...entry, request: parts };
  }

  private argsEntry(decision: Decision, args: unknown, ruleMasks: readonly (readonly RedactStep[])[]): LogEntry & { event: "decision" } {
    if (args === undefined) return { event: "decision", decision };
    if (this.invalidArgs === "masked" && UNREAD.has(decision.rule)) {
      const { output, masked } = byName(args);
      return masked.length === 0 ? { event: "decision", decision, args } : { event: "decision", decision: unmatched(decision), args: output, masked };
    }
    const configured = (decision.tool === undefined ? undefined : this.byTool.get(decision.tool)) ?? this.everyTool;
    const paths = ruleMasks.length === 0 ? configured : [...ruleMasks, ...configured];
    if (paths.length === 0) return { event: "decision", decision, args };
    const { output, redacted } = redactPaths(args, paths, "args");
    return redacted.length === 0 ? { event: "decision", decision, args } : { event: "decision", decision: unmatched(decision), args: output, masked: redacted };
  }
}
