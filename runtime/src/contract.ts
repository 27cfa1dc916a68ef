// The contract between the compiler and the runtime: what a request, a decision and a compiled policy module look like.

/** The effects a decision can have. */
export type Effect = "allow" | "deny" | "review";

/**
 * Reserved rule names for decisions no rule of the policy made. `$state-unavailable`
 * is the enforcer's: the session state a call needs could not be read or written.
 */
/** Why a condition faulted, as a decision reports it: the request's time was unknown, or a value it read was missing, mistyped or a zero divisor. */
export type FaultKind = "no time" | "bad value";

export type ReservedRule = "$unknown-tool" | "$invalid-request" | "$default" | "$error" | "$state-unavailable";

/** A proposed tool call, as the agent harness sends it (any JSON; validated by the policy). */
export interface Request {
  /** The agent session the call belongs to: its history and content. Without one, the call is decided with an empty session. */
  readonly session?: string;
  /** ISO 8601 timestamp or milliseconds since the epoch; the runtime's clock fills it in when absent. */
  readonly now?: string | number;
  readonly agent?: Readonly<Record<string, unknown>>;
  readonly user?: Readonly<Record<string, unknown>>;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly resource?: Readonly<Record<string, unknown>>;
  readonly tool: string;
  readonly args?: Readonly<Record<string, unknown>> | undefined;
  /** Labels the caller attaches to top-level arguments: `{ "recipient": ["untrusted"] }`. */
  readonly taint?: Readonly<Record<string, readonly string[]>>;
}

/** What the policy decided about one call. */
export interface Decision {
  /** Unique per enforcer: what `record` attaches a tool's output to. */
  readonly id: string;
  readonly effect: Effect;
  /** The deciding rule: the first deny, else review, else allow in source order; or a reserved name. */
  readonly rule: string;
  readonly reason: string;
  readonly policy: string;
  readonly policyHash: string;
  /** The request's tool, when it named one as a string. */
  readonly tool?: string;
  /** The request's session, when it had one. */
  readonly session?: string;
  /** `file:line:column` of the deciding rule, when a rule decided. */
  readonly location?: string;
  /** With explanation on: every rule that matched, in source order. */
  readonly matched?: readonly string[];
  /**
   * With explanation on, when a provenance check held on the session's content: which content each `from` and
   * `tainted` check matched, in the order the rules were checked, each check once (docs/runtime.md, "Provenance evidence").
   */
  readonly provenance?: readonly ProvenanceMatch[];
  /**
   * A deny whose rule matched only because its condition could not be evaluated (failing closed): why. The `reason`
   * then says so instead of the rule's own reason, which would claim what was never checked (a limit reached).
   */
  readonly fault?: FaultKind;
  /**
   * `review` decisions: the review that holds the call and what releases it: `required`
   * distinct approvers (from `from`, or any registered approver when absent) signing `digest` before `expiresAt` (ISO 8601).
   */
  readonly approvals?: {
    readonly review: string;
    readonly digest: string;
    readonly required: number;
    readonly from?: readonly string[];
    readonly expiresAt: string;
  };
  /** A call allowed because its review was released: deciding it used the release up. */
  readonly approved?: { readonly review: string; readonly digest: string; readonly by: readonly string[] };
  /**
   * Allowed and reviewed calls: the `redact` rules that apply to the call, in source order (absent when none):
   * their `output.` paths are removed from its output, their `args.` paths masked in the decision log.
   */
  readonly redactions?: readonly string[];
}

/** One earlier allowed call in the session. */
export interface HistoryEntry {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** Milliseconds since the epoch; `NaN` when the call was allowed while the time was unknown (only `session` windows count it). */
  readonly time: number;
  readonly output?: unknown;
}

/** Content the session has seen, with its provenance labels. */
export interface LabelledContent {
  readonly text: string;
  readonly labels: readonly string[];
}

/**
 * A session written out as plain lists, with the time of a request: what the
 * reference evaluator reads, and what `indexState` turns into a `SessionView`.
 */
export interface EvaluationState {
  /** The request's time in milliseconds since the epoch; undefined if unknown. */
  readonly now?: number;
  /** Earlier allowed calls, oldest first. */
  readonly history?: readonly HistoryEntry[];
  /** Labelled content recorded in the session. */
  readonly contents?: readonly LabelledContent[];
}

/** A `where` clause: whether an earlier call counts; it may throw a `Fault`, which faults the whole history function. */
export type Where = (entry: HistoryEntry) => boolean;

/** A session's earlier allowed calls, indexed for `count`, `seen` and `sum`. */
export interface HistoryIndex {
  /**
   * How many calls to any of `tools` lie in the window (`now - time < windowMs`;
   * `Infinity` is the whole session) and satisfy `where`. `now` is finite when `windowMs` is.
   */
  count(tools: ReadonlySet<string>, now: number, windowMs: number, where: Where | undefined): number;
  /** The sum of `args[arg]` over those calls of `tool`, in the order they were allowed; a value that is not a number adds 0. */
  sum(tool: string, arg: string, now: number, windowMs: number, where: Where | undefined): number;
}

/** Where recorded content came from: the output of the call `call` (a decision id) to `tool`; observed content has none. */
export interface ContentSource {
  readonly call: string;
  readonly tool: string;
}

/** What one provenance check matched in the session's content (without the argument itself, which the log may mask). */
export interface ContentEvidence {
  /** The label of the content that matched (`untrusted` for `tainted`). */
  readonly label: string;
  /** What matched, in the normal form: the value (`from`), or the identifier or run of words (`tainted`). */
  readonly matched: string;
  /** The match with up to 40 code units of the content's normal form on each side. */
  readonly excerpt: string;
  /** The content's place among what the session recorded and observed, from 0. */
  readonly content: number;
  /** The call whose recorded output held it: absent for observed or loaded content. */
  readonly source?: ContentSource;
}

/** One provenance check that held, with what it matched. */
export interface ProvenanceMatch extends ContentEvidence {
  readonly check: "from" | "tainted";
}

/** A session's labelled content, indexed for `from`, `tainted` and `exposed` (the relations are defined in docs/session-state.md). */
export interface ContentIndex {
  /** Whether the value `value` came from content labelled `label` (occurs in it whole, bounded by token boundaries). */
  cameFrom(value: string, label: string): boolean;
  /** Whether `text` carries content labelled `label` (holds an identifier of it whole, or a run of its words). */
  carries(text: string, label: string): boolean;
  /** Whether `text` carries `untrusted` content that no content without that label also holds. */
  tainted(text: string): boolean;
  /** Whether the session has seen content labelled `label`. */
  exposed(label: string): boolean;
  /** What a `from` (`cameFrom`) or `tainted` check that holds matched; slow (it searches the content), for explanations only. */
  evidence?(check: "from" | "tainted", value: string, label: string): ContentEvidence | undefined;
}

/**
 * What `evaluate` may read besides the request: the session as one decision sees
 * it. The clock is an input: `now` is resolved by the runtime (from the request or
 * an injected clock) and never read inside evaluation.
 */
export interface SessionView {
  /** The request's time in milliseconds since the epoch; undefined if unknown. */
  readonly now?: number | undefined;
  readonly history?: HistoryIndex;
  readonly contents?: ContentIndex;
}

/** The declared type of an argument or field, as data (the module's tool schema). */
export type SchemaType =
  | "string"
  | "number"
  | "int"
  | "bool"
  | "json"
  | { readonly enum: readonly string[]; readonly name: string }
  | { readonly list: SchemaType }
  /** A value of any of the member types. */
  | { readonly union: readonly SchemaType[] }
  | { readonly record: Readonly<Record<string, SchemaField>> };

export interface SchemaField {
  readonly type: SchemaType;
  readonly optional: boolean;
}

export interface ToolSchema {
  readonly params: Readonly<Record<string, SchemaField>>;
  readonly tags: readonly string[];
  readonly tier: number;
  readonly returns?: string;
}

/** One rule of the compiled policy, for naming decisions and pointing at the source. */
export interface RuleInfo {
  readonly name: string;
  readonly effect: Effect | "redact";
  readonly reason: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly approvals?: { readonly required: number; readonly from: readonly string[] };
  readonly expiresInMs?: number;
  /** `redact` rules: the output paths they replace, as steps after `output` (`"[*]"`: every element of a list). */
  readonly paths?: readonly (readonly string[])[];
  /** `redact` rules that name `args.` paths: the arguments they mask in the decision log, as steps after `args`. */
  readonly argPaths?: readonly (readonly string[])[];
}

/**
 * What `evaluate` returns: the effect and the deciding rule's index in `rules`,
 * or a reserved name with a reason; `matched` holds rule indexes when explaining.
 */
export interface Outcome {
  readonly effect: Effect;
  readonly rule: number | ReservedRule;
  readonly reason?: string;
  readonly matched?: readonly number[];
  /** When the deciding rule is a `deny` that matched only because its condition faulted: the fault's kind. */
  readonly fault?: FaultKind;
}

/** What a policy reads of the calls to one tool in history functions. */
export interface HistoryNeed {
  /** The longest window any history function looks back over the tool's calls, in milliseconds; `Infinity` for `session`. */
  readonly windowMs: number;
  /** The arguments read (`it.args.x`, `sum(tool.x)`), or `true` when `where` reads `it.args` whole. */
  readonly args: readonly string[] | true;
  /** Whether `where` reads `it.output`. */
  readonly output: boolean;
}

/**
 * What the session store must keep for a policy, computed by the compiler from its
 * `count`, `sum`, `seen`, `from`, `tainted` and `exposed` uses. A policy with no
 * history or provenance functions needs nothing: its enforcer stores nothing.
 */
export interface StateNeeds {
  /** The tools whose calls history functions cover, and what of them to keep. */
  readonly history: Readonly<Record<string, HistoryNeed>>;
  /** The labels provenance functions ask about; content with none of them is not kept. */
  readonly labels: readonly string[];
  /** The tools whose rules read the session: deciding them needs the store. */
  readonly reads: Readonly<Record<string, { readonly history: boolean; readonly contents: boolean }>>;
}

/** The exports of a module generated by `apol compile`. */
export interface PolicyModule {
  readonly policy: string;
  /** `sha256:` and the hex digest of the policy source. */
  readonly policyHash: string;
  /** IANA time zone of `now.*`. */
  readonly timezone: string;
  readonly tools: Readonly<Record<string, ToolSchema>>;
  readonly rules: readonly RuleInfo[];
  readonly needs: StateNeeds;
  /** Decides one request; never throws, whatever `request` is. */
  evaluate(request: unknown, state: SessionView | undefined, explain: boolean): Outcome;
  /**
   * The indexes in `rules` of the `redact` rules that apply to a request, in source order; never throws.
   * Fail safe: a rule whose condition faults applies, and so does every `redact` rule of the tool when the arguments do not fit.
   */
  redactions(request: unknown, state: SessionView | undefined): readonly number[];
  /** Applies `redactions(request, state)` to a tool's output (see `redactPaths`). */
  redact(request: unknown, state: SessionView | undefined, output: unknown): { readonly output: unknown; readonly redacted: readonly string[] };
}
