// The changes between two policies' decisions on one trace, grouped by (old effect → new effect, new deciding rule), in bounded memory.
import type { Decision } from "@apol/runtime";
import type { Io } from "./command.js";

/** How many steps each group keeps as examples: a trace of any size is summarised in bounded memory. */
const EXAMPLES = 5;

/** One step whose decision changed. */
interface ChangedStep {
  /** The trace line. */
  readonly line: number;
  readonly before: Decision;
  readonly after: Decision;
}

/** The diff as `--format json` prints it, under `summary`. */
export interface DiffJson {
  /** Steps both policies decided. */
  readonly steps: number;
  readonly changed: number;
  readonly groups: readonly { readonly from: string; readonly to: string; readonly rule: string; readonly count: number; readonly lines: readonly number[] }[];
}

interface Group {
  readonly from: string;
  readonly to: string;
  readonly rule: string;
  count: number;
  readonly examples: ChangedStep[];
}

/** Whether two decisions differ in effect or deciding rule. */
export function changed(before: Decision, after: Decision): boolean {
  return before.effect !== after.effect || before.rule !== after.rule;
}

/** Counts changed steps per (old effect, new effect, new rule), keeping the first few of each as examples. */
export class DecisionDiff {
  private readonly groups = new Map<string, Group>();
  private steps = 0;
  private changes = 0;

  /** Adds one step decided by both policies; returns whether its decision changed. */
  add(line: number, before: Decision, after: Decision): boolean {
    this.steps++;
    if (!changed(before, after)) return false;
    this.changes++;
    const key = `${before.effect}\u0000${after.effect}\u0000${after.rule}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { from: before.effect, to: after.effect, rule: after.rule, count: 0, examples: [] };
      this.groups.set(key, group);
    }
    group.count++;
    if (group.examples.length < EXAMPLES) group.examples.push({ line, before, after });
    return true;
  }

  /** The groups, largest first, then by effects and rule. */
  private sorted(): Group[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || `${a.from}${a.to}${a.rule}`.localeCompare(`${b.from}${b.to}${b.rule}`));
  }

  /**
   * Prints the groups, largest first: `allow → deny by daily_cap: 3 steps`, then
   * up to five example lines each (`line 4  s-1  send_money  was allow by small_transfers`).
   */
  print(io: Io): void {
    io.stdout.write(`${this.steps} steps, ${this.changes} changed\n`);
    for (const g of this.sorted()) {
      io.stdout.write(`\n${g.from} → ${g.to} by ${g.rule}: ${g.count} ${g.count === 1 ? "step" : "steps"}\n`);
      for (const e of g.examples) {
        io.stdout.write(`  line ${e.line}  ${e.after.session ?? "-"}  ${e.after.tool ?? "?"}  was ${e.before.effect} by ${e.before.rule}\n`);
      }
      if (g.count > g.examples.length) io.stdout.write(`  ... and ${g.count - g.examples.length} more\n`);
    }
  }

  /** The summary `--format json` prints: the counts, and each group with the trace lines of its first five steps. */
  toJSON(): DiffJson {
    return {
      steps: this.steps,
      changed: this.changes,
      groups: this.sorted().map((g) => ({ from: g.from, to: g.to, rule: g.rule, count: g.count, lines: g.examples.map((e) => e.line) })),
    };
  }
}
