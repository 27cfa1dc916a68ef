// `apol replay` and `apol replay --against` on a generated trace of interleaved sessions: every decision, the summary and
// the diff checked against the reference evaluator, run over the same steps with each session's history kept as plain lists.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Checked } from "../../compiler/src/check/check.js";
import { main } from "../../cli/src/main.js";
import { memoryIo } from "../../cli/src/memory-io.js";
import { runPipeline } from "../../compiler/src/pipeline.js";
import { evaluateReference } from "../../compiler/src/reference/evaluate.js";
import type { HistoryEntry, LabelledContent } from "../../runtime/src/contract.js";
import { oldStatefulPolicy, statefulPolicy, takeSteps, type TraceStep } from "../bench/replay-trace.js";

const work = mkdtempSync(join(tmpdir(), "apol-replay-ref-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const steps = takeSteps({ seed: 20261121, sessions: 8 }, 4000);
writeFileSync(join(work, "trace.jsonl"), steps.map((s) => `${JSON.stringify(s)}\n`).join(""));
writeFileSync(join(work, "new.apol"), statefulPolicy);
writeFileSync(join(work, "old.apol"), oldStatefulPolicy);

/** A decision of the reference, with the trace line and what the replay reports beside it. */
interface Expected {
  readonly line: number;
  readonly effect: string;
  readonly rule: string;
  readonly reason: string | undefined;
  readonly session: string;
  readonly tool: string;
}

/**
 * Decides every call of `steps` with the reference evaluator, building each session as the replay
 * does (docs/runtime.md, Traces): the clock is the step's `now`, else the latest earlier one; an allowed
 * call enters its session's history and its `output` its contents, labelled with the tool's `returns`
 * label and `outputLabels`; an observation adds content; a denied or reviewed call leaves no trace.
 */
function referenceReplay(source: string): Expected[] {
  const checked = runPipeline(source, "ref.apol", "check").outputs.check as Checked;
  const sessions = new Map<string, { history: HistoryEntry[]; contents: LabelledContent[] }>();
  const decided: Expected[] = [];
  let clock = 0;
  steps.forEach((step: TraceStep, index) => {
    if (step.now !== undefined) clock = Date.parse(step.now);
    let session = sessions.get(step.session);
    if (session === undefined) sessions.set(step.session, (session = { history: [], contents: [] }));
    if ("observe" in step) {
      session.contents.push({ text: step.observe, labels: step.labels });
      return;
    }
    const outcome = evaluateReference(checked, step, { now: clock, history: session.history, contents: session.contents }, false);
    const rule = typeof outcome.rule === "number" ? checked.rules[outcome.rule]!.name : outcome.rule;
    decided.push({ line: index + 1, effect: outcome.effect, rule, reason: outcome.reason, session: step.session, tool: step.tool });
    if (outcome.effect !== "allow") return;
    session.history.push({ tool: step.tool, args: step.args, time: clock, ...(step.output === undefined ? {} : { output: step.output }) });
    if (step.output === undefined) return;
    const returns = checked.symbols.tools.get(step.tool)!.returns;
    session.contents.push({ text: step.output, labels: [...(returns === undefined ? [] : [returns]), ...(step.outputLabels ?? [])] });
  });
  return decided;
}

/** Runs `apol` in this process, files named relative to the scratch folder. */
async function apol(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(
    argv.map((a) => (/\.(apol|jsonl)$/.test(a) ? join(work, a) : a)),
    io,
  );
  return { code, out: io.out(), err: io.err() };
}

const jsonLines = (text: string): unknown[] =>
  text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as unknown);
const count = <T>(items: readonly T[], key: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

const expectedNew = referenceReplay(statefulPolicy);
const expectedOld = referenceReplay(oldStatefulPolicy);

describe("apol replay on a generated trace agrees with the reference evaluator", () => {
  it("replays the generator's traces, the README's example among them", () => {
    const example = readFileSync(new URL("../../examples/replay/traffic.jsonl", import.meta.url), "utf8");
    expect(example).toBe(
      takeSteps({ seed: 1, sessions: 6 }, 600)
        .map((s) => `${JSON.stringify(s)}\n`)
        .join(""),
    );
  });

  it("exercises every session rule of the policy", () => {
    const rules = count(expectedNew, (d) => d.rule);
    for (const rule of ["work", "payments", "large_payments", "spend_cap", "mail_rate", "planted", "after_secrets", "burst", "$invalid-request"]) {
      expect(rules.get(rule) ?? 0, rule).toBeGreaterThanOrEqual(10);
    }
    expect(new Set(expectedNew.map((d) => d.session)).size).toBeGreaterThan(40);
  });

  it("decides every step as the reference does, and sums up by effect, rule and session", async () => {
    const result = await apol("replay", "new.apol", "trace.jsonl", "--format", "json");
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const printed = jsonLines(result.out);
    const summary = (printed.pop() as { summary: unknown }).summary;
    expect(
      printed.map((d) => {
        const { effect, rule, reason, session, tool } = d as Expected;
        return { effect, rule, reason, session, tool };
      }),
    ).toEqual(expectedNew.map(({ line: _, ...decision }) => decision));

    const firsts = new Map<string, Expected>();
    for (const d of expectedNew) if (d.effect !== "allow" && !firsts.has(d.session)) firsts.set(d.session, d);
    const byRule = count(expectedNew, (d) => `${d.effect} ${d.rule}`);
    expect(summary).toEqual({
      steps: expectedNew.length,
      effects: { allow: 0, review: 0, deny: 0, ...Object.fromEntries(count(expectedNew, (d) => d.effect)) },
      rules: expect.arrayContaining([...byRule].map(([key, n]) => ({ effect: key.split(" ")[0], rule: key.split(" ")[1], count: n }))),
      sessions: {
        count: new Set(expectedNew.map((d) => d.session)).size,
        firstDenyOrReview: [...firsts.values()].map((d) => ({
          session: d.session,
          line: d.line,
          effect: d.effect,
          rule: d.rule,
          tool: d.tool,
          reason: d.reason,
        })),
      },
    });
    expect((summary as { rules: unknown[] }).rules).toHaveLength(byRule.size);

    const text = await apol("replay", "new.apol", "trace.jsonl", "--summary");
    const effects = count(expectedNew, (d) => d.effect);
    expect(text.out.split("\n").slice(0, 1)).toEqual([
      `${expectedNew.length} steps: ${effects.get("allow")} allow, ${effects.get("review")} review, ${effects.get("deny")} deny`,
    ]);
    expect(text.out).toContain(`\n${new Set(expectedNew.map((d) => d.session)).size} sessions, ${firsts.size} with a deny or review; the first in each:\n`);
    expect(text.out).toContain(`... and ${firsts.size - 20} more (\`--format json\` lists them all)\n`);
  });

  it("lists every changed step with --against, grouped as the reference's decisions differ", async () => {
    const changed = expectedNew.flatMap((after, i) => {
      const before = expectedOld[i]!;
      expect(before.line).toBe(after.line);
      return before.effect !== after.effect || before.rule !== after.rule ? [{ line: after.line, before, after }] : [];
    });
    const result = await apol("replay", "new.apol", "trace.jsonl", "--against", "old.apol", "--format", "json", "--fail-on", "deny");
    const printed = jsonLines(result.out);
    const summary = (printed.pop() as { summary: { groups: { from: string; to: string; rule: string; count: number; lines: number[] }[] } }).summary;
    const brief = (d: Expected) => ({ effect: d.effect, rule: d.rule });
    expect(
      printed.map((p) => {
        const { line, before, after } = p as { line: number; before: Expected; after: Expected };
        return { line, before: brief(before), after: brief(after) };
      }),
    ).toEqual(changed.map((c) => ({ line: c.line, before: brief(c.before), after: brief(c.after) })));

    const groups = new Map<string, number[]>();
    for (const c of changed) {
      const key = `${c.before.effect} ${c.after.effect} ${c.after.rule}`;
      groups.set(key, [...(groups.get(key) ?? []), c.line]);
    }
    expect(summary.groups).toHaveLength(groups.size);
    // Largest group first.
    expect(summary.groups.map((g) => g.count)).toEqual(summary.groups.map((g) => g.count).sort((a, b) => b - a));
    expect(groups.size).toBeGreaterThanOrEqual(8);
    for (const g of summary.groups) {
      const lines = groups.get(`${g.from} ${g.to} ${g.rule}`)!;
      expect({ count: g.count, lines: g.lines }).toEqual({ count: lines.length, lines: lines.slice(0, 5) });
    }
    expect(summary).toMatchObject({ steps: expectedNew.length, changed: changed.length });
    const denied = changed.filter((c) => c.after.effect === "deny").length;
    expect(result.code).toBe(1);
    expect(result.err).toBe(`apol: \`--fail-on deny\`: ${denied} changed steps denied\n`);

    const text = await apol("replay", "new.apol", "trace.jsonl", "--against", "old.apol");
    expect(text.code).toBe(0);
    const headers = text.out.split("\n").filter((l) => l.includes(" → "));
    expect(headers).toEqual(summary.groups.map((g) => `${g.from} → ${g.to} by ${g.rule}: ${g.count} step${g.count === 1 ? "" : "s"}`));
    expect(text.out.startsWith(`${expectedNew.length} steps, ${changed.length} changed\n`)).toBe(true);
  });
});
