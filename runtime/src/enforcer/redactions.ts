// Which `redact` rules apply to a call: named on the decision of a call that may run, masked in the log for any call, applied to outputs.
import type { Decision, PolicyModule, SessionView } from "../contract.js";
import { malformed } from "./decisions.js";
import { Fault } from "../evaluate/fault.js";
import type { ApplyRedactions } from "./judging.js";
import type { Parts } from "./parts.js";
import { isPreview } from "./settled-calls.js";
import { redactPaths, type Redacted } from "../log/redact.js";
import { isRecord } from "../evaluate/value-semantics.js";

/** A read of a session the enforcer does not know. */
const unknownRead = (): never => {
  throw new Fault("the session is unknown");
};
/**
 * The session of a call denied before the policy read it (a store that failed, a malformed `now`):
 * every read faults, so the `redact` rules whose conditions read it apply, and the log masks what they name.
 */
const UNKNOWN_SESSION: SessionView = {
  history: { count: unknownRead, sum: unknownRead },
  contents: { cameFrom: unknownRead, carries: unknownRead, tainted: unknownRead, exposed: unknownRead },
};

/**
 * The names of the `redact` rules at `indexes` (what the module's `redactions` returned); throws when one is not a
 * `redact` rule. Here rather than with the other decisions, so an app without redaction bundles none of it.
 */
function redactionNames(module: PolicyModule, indexes: readonly number[]): string[] {
  if (!Array.isArray(indexes)) malformed();
  return indexes.map((i) => {
    const rule = module.rules[i];
    return rule?.effect === "redact" ? rule.name : malformed();
  });
}

/** What redacting needs of an enforcer: its module and id prefix, and whether it has a log (any value: only presence counts). */
export type RedactionParts = Pick<Parts, "module" | "prefix"> & { readonly log: unknown };

/** Throws unless `decision` is one that enforcer (of ids starting `prefix`) made of a call that may run, so it has an output to redact. */
export function checkRedactable(decision: Decision, prefix: string): void {
  if (!isRecord(decision) || typeof decision.id !== "string" || !decision.id.startsWith(prefix)) {
    throw new TypeError("`redact` takes a decision this enforcer made");
  }
  if (isPreview(decision.id, prefix)) throw new Error(`decision \`${decision.id}\` is a preview: no call ran`);
  if (decision.effect === "deny") throw new Error(`decision \`${decision.id}\` is \`deny\` (rule \`${decision.rule}\`): a denied call has no output to redact`);
}

/** The `redact` rules of one policy, and those found to apply to denied calls. */
export class Redactions {
  /** The output paths of each `redact` rule. */
  private readonly paths: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** The `args.` paths of the `redact` rules that name any: what the log masks of the calls they apply to. */
  private readonly argPaths: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** Whether denied calls need their `redact` rules too: only to mask their arguments in a log. */
  private readonly masksDenied: boolean;
  /** The `redact` rules that apply to a denied call, found against the view it was decided with; only its log entry reads them. */
  private readonly denied = new WeakMap<Decision, readonly string[]>();

  constructor(private readonly parts: RedactionParts) {
    const { rules } = parts.module;
    this.paths = new Map(rules.flatMap((r) => (r.effect === "redact" ? [[r.name, r.paths ?? []] as const] : [])));
    this.argPaths = new Map(
      rules.flatMap((r) => (r.effect === "redact" && Array.isArray(r.argPaths) && r.argPaths.length > 0 ? [[r.name, r.argPaths] as const] : [])),
    );
    this.masksDenied = parts.log !== undefined && this.argPaths.size > 0;
  }

  /**
   * `decision` of `request`, decided against `view`: a call that may run carries the `redact` rules that apply to it,
   * found against the same view; so does a denied call for the log, when rules mask arguments there. Throws what the module throws.
   */
  applied(decision: Decision, request: unknown, view: SessionView | undefined): Decision {
    // A policy without `redact` rules redacts nothing, so deciding never asks the module which apply.
    if (this.paths.size === 0) return decision;
    const { module } = this.parts;
    if (decision.effect !== "deny") {
      const names = redactionNames(module, module.redactions(request, view));
      return names.length === 0 ? decision : { ...decision, redactions: names };
    }
    if (this.masksDenied) this.denied.set(decision, redactionNames(module, module.redactions(request, view)));
    return decision;
  }

  /** `applied`, for a policy that has `redact` rules; none for one without, which redacts nothing. */
  applier(): ApplyRedactions | undefined {
    return this.paths.size === 0 ? undefined : (decision, request, view) => this.applied(decision, request, view);
  }

  /**
   * The `args.` paths of the `redact` rules that apply to a decision's call, in source order: those the decision
   * names, or a denied call's, found when it was decided or, for a deny made without the policy, against an unknown session.
   */
  argMasks(decision: Decision, request: unknown): readonly (readonly string[])[] {
    if (this.argPaths.size === 0) return [];
    const names =
      decision.effect !== "deny"
        ? (decision.redactions ?? [])
        : (this.denied.get(decision) ?? redactionNames(this.parts.module, this.parts.module.redactions(request, UNKNOWN_SESSION)));
    return names.flatMap((name) => this.argPaths.get(name) ?? []);
  }

  /** `output` with what the decision's `redact` rules name replaced; throws for a decision this enforcer did not make, a preview or a deny. */
  output(decision: Decision, output: unknown): Redacted {
    checkRedactable(decision, this.parts.prefix);
    const paths = (decision.redactions ?? []).flatMap((name) => {
      const found = this.paths.get(name);
      if (found === undefined) throw new TypeError(`decision \`${decision.id}\` names \`${name}\`, which is no \`redact\` rule of the policy`);
      return found;
    });
    return redactPaths(output, paths);
  }
}
