// What the desk's pages show of a review: the inbox row and the detail, built from the held call and the review the store keeps.
import { normalize, statusAt, type PolicyModule, type ReviewRecord, type ReviewStatus } from "@apol/runtime";
import type { HeldCall, RecentCall } from "./records.js";
import { cut } from "./truncate.js";

/** Named lists of approvers (`finance: ["cfo", "controller", "treasurer"]`), so a review reads "1 of 2 from finance". */
export type Groups = Readonly<Record<string, readonly string[]>>;

/** One row of the inbox or the history. */
export interface Summary {
  readonly review: string;
  readonly tool: string;
  readonly rule: string;
  readonly reason: string;
  readonly session?: string;
  readonly status: ReviewStatus;
  readonly required: number;
  readonly from?: readonly string[];
  /** The group whose members are exactly `from`, when one is. */
  readonly group?: string;
  readonly approvals: readonly { readonly approver: string; readonly at: number }[];
  readonly rejected?: { readonly by: string; readonly reason: string; readonly at: number };
  readonly openedAt: number;
  readonly expiresAt: number;
}

/** A rule as the detail page names it. */
export interface RuleView {
  readonly name: string;
  readonly location?: string;
  /** The rule's first line of source, when the desk was given the policy's text. */
  readonly line?: string;
}

/** One provenance check that held, with the arguments that carry what it matched and the step that produced the content. */
export interface Evidence {
  readonly check: string;
  readonly label: string;
  readonly matched: string;
  readonly excerpt: string;
  readonly source?: { readonly call: string; readonly tool: string };
  readonly step?: number;
  /** `args.PATH` of each argument whose text holds the match. */
  readonly arguments: readonly string[];
}

/** Everything the detail page shows. */
export interface Detail extends Summary {
  readonly digest: string;
  readonly args: unknown;
  readonly masked: readonly string[];
  readonly deciding: RuleView;
  readonly matched: readonly RuleView[];
  readonly evidence: readonly Evidence[];
  readonly recent: readonly RecentCall[];
  /** Whether the approver asking may sign, and why not. */
  readonly canSign: { readonly ok: boolean; readonly why?: string };
}

/** The group named by exactly the approvers `from`. */
function groupOf(groups: Groups, from: readonly string[] | undefined): string | undefined {
  if (from === undefined) return undefined;
  const wanted = [...from].sort().join("\n");
  return Object.entries(groups).find(([, members]) => [...members].sort().join("\n") === wanted)?.[0];
}

/** The inbox row of a held call and its review. */
export function summary(held: HeldCall, record: ReviewRecord, groups: Groups, now: number): Summary {
  const group = groupOf(groups, record.from);
  return {
    review: held.review,
    tool: held.tool,
    rule: held.rule,
    reason: held.reason,
    ...(held.session === undefined ? {} : { session: held.session }),
    status: statusAt(record, now),
    required: record.required,
    ...(record.from === undefined ? {} : { from: record.from }),
    ...(group === undefined ? {} : { group }),
    approvals: record.approvals.map((a) => ({ approver: a.approver, at: a.at })),
    ...(record.rejected === undefined ? {} : { rejected: record.rejected }),
    openedAt: record.openedAt,
    expiresAt: record.expiresAt,
  };
}

/** Why `approver` may not decide review `row` at all: the rule does not list them (the enforcer refuses their approval with the same words). */
export function notListed(row: Summary, approver: string): string | undefined {
  if (row.from === undefined || row.from.includes(approver)) return undefined;
  return `\`${approver}\` may not approve rule \`${row.rule}\`: its approvers are ${row.from.map((n) => `\`${n}\``).join(", ")}`;
}

/** Why `approver` may not sign review `row` now, if they may not. */
function whyNot(row: Summary, approver: string): string | undefined {
  if (row.status !== "pending") return `this review is ${row.status}: it takes no more decisions`;
  const unlisted = notListed(row, approver);
  if (unlisted !== undefined) return unlisted;
  if (row.approvals.some((a) => a.approver === approver)) return `\`${approver}\` approved this review already`;
  return undefined;
}

/** Reads the policy's rules and source for the detail page. */
export class Rules {
  private readonly lines: readonly string[];

  constructor(
    private readonly module: PolicyModule,
    source: string | undefined,
  ) {
    this.lines = source === undefined ? [] : source.split("\n");
  }

  view(name: string): RuleView {
    const info = this.module.rules.find((r) => r.name === name);
    if (!info) return { name };
    const line = this.lines[info.line - 1];
    return { name, location: `${info.file}:${info.line}:${info.column}`, ...(line === undefined ? {} : { line: cut(line.trim(), 200) }) };
  }
}

/** The detail of a held call for `approver`. */
export function detail(held: HeldCall, row: Summary, rules: Rules, approver: string): Detail {
  const steps = new Map(held.recent.map((c) => [c.id, c.step]));
  const evidence = held.provenance.map((p): Evidence => {
    const step = p.source === undefined ? undefined : steps.get(p.source.call);
    return {
      check: p.check,
      label: p.label,
      matched: p.matched,
      excerpt: p.excerpt,
      ...(p.source === undefined ? {} : { source: p.source }),
      ...(step === undefined ? {} : { step }),
      arguments: carriers(held.args, p.matched),
    };
  });
  const why = whyNot(row, approver);
  return {
    ...row,
    digest: held.digest,
    args: held.args,
    masked: held.masked,
    deciding: rules.view(held.rule),
    matched: held.matched.map((name) => rules.view(name)),
    evidence,
    recent: held.recent,
    canSign: why === undefined ? { ok: true } : { ok: false, why },
  };
}

/** The `args.` paths of the string arguments whose normal form holds `matched` (itself in normal form). */
function carriers(args: unknown, matched: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "string") {
      if (matched !== "" && normalize(value).includes(matched)) found.push(path);
    } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`);
  };
  walk(args, "args");
  return found;
}
