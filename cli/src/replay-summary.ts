// The summary of one policy's replay: decisions by effect, by deciding rule, and each session's first deny or review.
import type { Decision } from "@apol/runtime";
import { plural, type Io } from "./command.js";

/** Sessions the text summary lists by name; the rest are counted (`--format json` lists them all). */
export const LISTED_SESSIONS = 20;

/** The first step of a session that was denied or held for review. */
export interface SessionFlag {
  readonly session: string;
  /** The trace line. */
  readonly line: number;
  readonly effect: Decision["effect"];
  readonly rule: string;
  readonly tool: string | null;
  readonly reason: string;
}

/** The summary as `--format json` prints it, under `summary`. */
export interface SummaryJson {
  /** Steps decided (observations and malformed lines are not). */
  readonly steps: number;
  readonly effects: Readonly<Record<Decision["effect"], number>>;
  /** How often each rule decided, most often first. */
  readonly rules: readonly { readonly effect: string; readonly rule: string; readonly count: number }[];
  readonly sessions: {
    /** Distinct sessions among the decided steps. */
    readonly count: number;
    /** The first deny or review of every session that had one, in trace order. */
    readonly firstDenyOrReview: readonly SessionFlag[];
  };
}

/**
 * Counts decisions by effect and by deciding rule, and remembers each session's first
 * deny or review. Memory grows with the number of rules and of distinct sessions
 * (one map entry each), never with the number of steps; only the first `keep`
 * flagged sessions are kept whole.
 */
export class Summary {
  private readonly effects = { allow: 0, review: 0, deny: 0 };
  /** Counts by rule, then effect (a released review allows by its `review` rule): one lookup per step, no key string built. */
  private readonly rules = new Map<string, Record<Decision["effect"], number>>();
  /** Every session seen, and whether it had a deny or review yet. */
  private readonly sessions = new Map<string, boolean>();
  private readonly flags: SessionFlag[] = [];
  private flagged = 0;
  private total = 0;

  constructor(private readonly keep: number) {}

  add(line: number, decision: Decision): void {
    this.total++;
    this.effects[decision.effect]++;
    let counts = this.rules.get(decision.rule);
    if (counts === undefined) this.rules.set(decision.rule, (counts = { allow: 0, review: 0, deny: 0 }));
    counts[decision.effect]++;
    const session = decision.session;
    if (session === undefined) return;
    const seen = this.sessions.get(session);
    if (seen === true) return;
    const flag = decision.effect !== "allow";
    if (seen === undefined || flag) this.sessions.set(session, flag);
    if (!flag) return;
    this.flagged++;
    if (this.flags.length < this.keep) {
      this.flags.push({ session, line, effect: decision.effect, rule: decision.rule, tool: decision.tool ?? null, reason: decision.reason });
    }
  }

  /** The rules with their counts, most frequent first, then by effect and name. */
  private byCount(): { effect: string; rule: string; count: number }[] {
    const rows = [...this.rules].flatMap(([rule, counts]) =>
      (["allow", "review", "deny"] as const).filter((effect) => counts[effect] > 0).map((effect) => ({ effect, rule, count: counts[effect] })),
    );
    return rows.sort((a, b) => b.count - a.count || `${a.effect} ${a.rule}`.localeCompare(`${b.effect} ${b.rule}`));
  }

  /**
   * Prints `9 steps: 3 allow, 1 review, 5 deny`, a line per rule (`     3  allow reads`), then
   * `2 sessions, 2 with a deny or review; the first in each:` and up to 20 of them
   * (`  s-1  line 3  review send_money by large_transfers`), counting the rest; after the lines per step, a blank line first.
   */
  print(io: Io, afterSteps = true): void {
    const { allow, review, deny } = this.effects;
    io.stdout.write(`${afterSteps ? "\n" : ""}${plural(this.total, "step")}: ${allow} allow, ${review} review, ${deny} deny\n`);
    for (const { effect, rule, count } of this.byCount()) io.stdout.write(`  ${String(count).padStart(6)}  ${effect} ${rule}\n`);
    if (this.sessions.size === 0) return;
    if (this.flagged === 0) {
      io.stdout.write(`\n${plural(this.sessions.size, "session")}, none with a deny or review\n`);
      return;
    }
    io.stdout.write(`\n${plural(this.sessions.size, "session")}, ${this.flagged} with a deny or review; the first in each:\n`);
    for (const f of this.flags.slice(0, LISTED_SESSIONS)) io.stdout.write(`  ${f.session}  line ${f.line}  ${f.effect} ${f.tool ?? "?"} by ${f.rule}\n`);
    const rest = this.flagged - Math.min(this.flags.length, LISTED_SESSIONS);
    if (rest > 0) io.stdout.write(`  ... and ${rest} more (\`--format json\` lists them all)\n`);
  }

  toJSON(): SummaryJson {
    return {
      steps: this.total,
      effects: { ...this.effects },
      rules: this.byCount(),
      sessions: { count: this.sessions.size, firstDenyOrReview: this.flags.slice() },
    };
  }
}
