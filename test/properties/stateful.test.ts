// Sessions, step by step: for generated stateful policies and generated traces (calls with outputs, observations), the
// compiled module behind an enforcer with the memory store decides every step exactly as the reference evaluator does
// over a plain list-based history built from the trace. And the runtime's indexed provenance agrees with the naive one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Checked } from "../../compiler/src/check/check.js";
import { runPipeline } from "../../compiler/src/pipeline.js";
import { evaluateReference } from "../../compiler/src/reference/evaluate.js";
import { cameFrom, carries, taints } from "../../compiler/src/reference/provenance.js";
import type { Decision, HistoryEntry, LabelledContent, Outcome } from "../../runtime/src/contract.js";
import { createEnforcer } from "../../runtime/src/enforcer/enforcer.js";
import { MemoryStore } from "../../runtime/src/store/memory-store.js";
import { OTHER_THAN_UNTRUSTED, SessionContents } from "../../runtime/src/provenance/content-index.js";
import { normalize } from "../../runtime/src/provenance/text.js";
import { arbRequest, arbSchema, renderPolicy, spellTool, type GenPolicy, type GenRule, type GenSchema, type GenTool } from "./policy-arbitraries.js";
import { compiledModule } from "../harness/compiled-module.js";

/** At least this many steps are compared per run. */
const minimumSteps = 5_000;

// ---------------------------------------------------------------- the spec's side: a session as plain lists

/** The text of recorded content, as docs/session-state.md defines it (written independently of the runtime's). */
function contentText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const parts: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === "string" || typeof v === "number") {
      if (typeof v === "string" || Number.isFinite(v)) parts.push(String(v));
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (typeof v === "object" && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        parts.push(k);
        collect(item);
      }
    }
  };
  collect(value);
  return parts.join("\u0000");
}

interface ListSession {
  readonly history: HistoryEntry[];
  readonly contents: LabelledContent[];
}

// ---------------------------------------------------------------- traces

type Step =
  | {
      readonly kind: "call";
      readonly request: unknown;
      readonly advanceMs: number;
      readonly timed: boolean;
      readonly output?: unknown;
      readonly outputLabels: readonly string[];
      readonly explain: boolean;
    }
  | { readonly kind: "observe"; readonly session: string; readonly content: unknown; readonly labels: readonly string[] };

/** Outputs that share windows and tokens with the argument values the generators use (`ann@a.example`, `https://h.example/p`, `abc123`...). */
const outputs: readonly unknown[] = [
  "mail ann@a.example now",
  "see https://h.example/p for more",
  "code ABC123 expires",
  "leak@evil.example",
  { ok: true },
  { ok: false, to: "leak@evil.example" },
  { ok: true, items: ["Bob@B.example", 3, null] },
  "",
  null,
];
const labels = ["untrusted", "user"];
const sessions = ["s1", "s2"];

function arbStep(policy: GenPolicy): fc.Arbitrary<Step> {
  const call = fc
    .record({
      request: arbRequest(policy.schema),
      session: fc.option(fc.constantFrom(...sessions), { nil: undefined, freq: 8 }),
      advanceMs: fc.constantFrom(0, 0, 60_000, 60_000, 600_000, 600_000, 3_600_000, 5 * 3_600_000),
      timed: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      output: fc.option(fc.constantFrom(...outputs), { nil: undefined, freq: 3 }),
      outputLabels: fc.subarray(labels),
      explain: fc.boolean(),
    })
    .map(({ request, session, advanceMs, timed, output, outputLabels, explain }): Step => {
      const inSession = session !== undefined && typeof request === "object" && request !== null && !Array.isArray(request) ? { ...request, session } : request;
      return { kind: "call", request: inSession, advanceMs, timed, outputLabels, explain, ...(output !== undefined ? { output } : {}) };
    });
  const observe = fc
    .record({ session: fc.constantFrom(...sessions), content: fc.constantFrom(...outputs), labels: fc.subarray(labels, { minLength: 1 }) })
    .map((o): Step => ({ kind: "observe", ...o }));
  return fc.oneof({ weight: 5, arbitrary: call }, { weight: 1, arbitrary: observe });
}

// ---------------------------------------------------------------- stateful policies

const windows = ["10m", "1h", "1d", "session"];
const required = (tool: GenTool, kind: string) => tool.params.filter((p) => !p.optional && p.type.kind === kind).map((p) => p.name);

/** A condition over the session for a rule targeting `tool`: history functions (with `where`, `it.args`, `it.output`, `args`) and provenance. */
function arbSessionCondition(schema: GenSchema, tool: GenTool): fc.Arbitrary<string> {
  const names = schema.tools.map((t) => spellTool(t.name));
  const tags = [...new Set(schema.tools.flatMap((t) => t.tags))];
  const target = fc.oneof(fc.constantFrom(...names), fc.constant("*"), ...(tags.length > 0 ? [fc.constantFrom(...tags).map((g) => `tagged ${g}`)] : []));
  const window = fc.constantFrom(...windows);
  const op = fc.constantFrom("<", "<=", ">", ">=", "==");
  const mine = required(tool, "string");
  const options: fc.Arbitrary<string>[] = [
    fc.tuple(target, window, op, fc.constantFrom(0, 1, 2, 3)).map(([t, w, o, n]) => `count(${t}, ${w}) ${o} ${n}`),
    fc.tuple(target, window).map(([t, w]) => `seen(${t}, ${w})`),
    fc.tuple(fc.constantFrom(...names), window).map(([t, w]) => `count(${t} where it.output.ok == true, ${w}) > 0`),
    fc
      .tuple(fc.constantFrom(...names), fc.constantFrom(...names), window)
      .map(([a, b, w]) => `seen(${a} where seen(${b}, session) and it.tool.tier >= 0, ${w})`),
    fc.constantFrom("tainted(args)", "exposed(untrusted)", "exposed(user)", "not exposed(user)"),
  ];
  for (const other of schema.tools) {
    for (const q of required(other, "string")) {
      options.push(
        fc
          .tuple(fc.constantFrom("leak@evil.example", "ann@a.example", "a"), window)
          .map(([v, w]) => `seen(${spellTool(other.name)} where it.args.${q} == ${JSON.stringify(v)}, ${w})`),
      );
      for (const p of mine) options.push(window.map((w) => `seen(${spellTool(other.name)} where it.args.${q} == args.${p}, ${w})`));
    }
    for (const q of [...required(other, "number"), ...required(other, "int")]) {
      options.push(fc.tuple(window, fc.constantFrom(0, 3, 10)).map(([w, n]) => `sum(${spellTool(other.name)}.${q}, ${w}) + 1 > ${n}`));
    }
  }
  for (const p of mine) options.push(fc.constantFrom(`tainted(args.${p})`, `from(args.${p}, user)`, `tainted(args.${p}) and not from(args.${p}, user)`));
  const leaf = fc.oneof(...options);
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.tuple(leaf, leaf).map(([a, b]) => `(${a} and ${b})`) },
    { weight: 1, arbitrary: fc.tuple(leaf, leaf).map(([a, b]) => `(${a} or not ${b})`) },
  );
}

/** Mostly-allowing rules with session conditions that deny, hold or allow a tool. */
function arbStatefulPolicy(): fc.Arbitrary<GenPolicy> {
  return arbSchema().chain((schema) => {
    // A rule for every tool (`*`, reading no arguments) or for one tool (reading its arguments too).
    const everyTool: GenTool = { name: "*", params: [], tags: [], tier: 0 };
    const rule = (i: number) =>
      fc
        .tuple(fc.constantFrom(everyTool, ...schema.tools), fc.constantFrom<GenRule["effect"]>("deny", "deny", "review", "allow"))
        .chain(([tool, effect]) =>
          arbSessionCondition(schema, tool).map((when): GenRule => ({ name: `r${i}`, effect, targets: tool === everyTool ? "*" : spellTool(tool.name), when })),
        );
    return fc
      .tuple(fc.boolean(), fc.integer({ min: 1, max: 5 }))
      .chain(([open, count]) => fc.tuple(...Array.from({ length: count }, (_, i) => rule(i + 1))).map((rules) => ({ open, rules })))
      .map(
        ({ open, rules }): GenPolicy => ({
          schema,
          rules: [{ name: "r0", effect: "allow", targets: "*", ...(open ? {} : { unless: "count(*, 1h) > 4" }) }, ...rules],
        }),
      );
  });
}

/** A policy whose tools sometimes return labelled output, and a trace over it. */
const arbCase = arbStatefulPolicy().chain((policy) =>
  fc.record({
    policy: fc.constant(policy),
    returns: fc.array(fc.option(fc.constantFrom(...labels), { nil: undefined }), {
      minLength: policy.schema.tools.length,
      maxLength: policy.schema.tools.length,
    }),
    steps: fc.array(arbStep(policy), { minLength: 10, maxLength: 30 }),
  }),
);

/** The policy's source with `returns LABEL` added to the tools that have one. */
function withReturns(policy: GenPolicy, returns: readonly (string | undefined)[]): string {
  return renderPolicy(policy)
    .split("\n")
    .map((line) => {
      const match = /^tool (t\d+)\(/.exec(line);
      const label = match ? returns[Number(match[1]!.slice(1))] : undefined;
      return label === undefined ? line : `${line} returns ${label}`;
    })
    .join("\n");
}

/** An outcome of the reference with rules by name, as decisions name them (explained decisions always list matches). */
const named = (checked: Checked, o: Outcome, explain: boolean) => ({
  effect: o.effect,
  rule: typeof o.rule === "number" ? checked.rules[o.rule]!.name : o.rule,
  reason: o.reason,
  ...(explain ? { matched: (o.matched ?? []).map((i) => checked.rules[i]!.name) } : {}),
});

describe("sessions: the runtime with the memory store agrees with the reference over list-based histories", () => {
  it(`on at least ${minimumSteps} steps of generated traces`, async () => {
    let compared = 0;
    let mattered = 0;
    await fc.assert(
      fc.asyncProperty(arbCase, async ({ policy, returns, steps }) => {
        const source = withReturns(policy, returns);
        const checked = runPipeline(source, "gen.apol", "check").outputs.check as Checked;
        const enforcer = createEnforcer(await compiledModule(source, "gen.apol"), {
          store: new MemoryStore(),
          idPrefix: "g",
          sessionIdleMs: Infinity,
          clock: null,
        });
        const lists = new Map<string, ListSession>(sessions.map((s) => [s, { history: [], contents: [] }]));
        let now = Date.parse("2026-11-21T08:00:00Z");
        const log: string[] = [];
        for (const step of steps) {
          if (step.kind === "observe") {
            enforcer.observe(step.session, step.content, { labels: step.labels });
            lists.get(step.session)!.contents.push({ text: contentText(step.content), labels: step.labels });
            log.push(`observe ${JSON.stringify(step)}`);
            continue;
          }
          now += step.advanceMs;
          const request =
            step.timed && typeof step.request === "object" && step.request !== null && !Array.isArray(step.request) ? { ...step.request, now } : step.request;
          const session =
            typeof request === "object" && request !== null && "session" in request ? lists.get((request as { session: string }).session) : undefined;
          const time = step.timed ? now : undefined;
          const expected = evaluateReference(checked, request, { ...(time === undefined ? {} : { now: time }), ...(session ?? {}) }, step.explain);
          const actual: Decision = step.explain ? enforcer.explain(request) : enforcer.decide(request);
          log.push(`${JSON.stringify(request)} -> ${actual.effect} ${actual.rule}`);
          const got = { effect: actual.effect, rule: actual.rule, reason: actual.reason, ...(actual.matched ? { matched: actual.matched } : {}) };
          expect(got, `step ${log.length} of\n${source}\n${log.join("\n")}`).toEqual(named(checked, expected, step.explain));
          compared++;
          if (session && (session.history.length > 0 || session.contents.length > 0)) {
            const fresh = evaluateReference(checked, request, time === undefined ? {} : { now: time }, step.explain);
            if (fresh.effect !== expected.effect || fresh.rule !== expected.rule) mattered++;
          }
          if (actual.effect !== "allow" || !session) continue;
          const r = request as { tool: string; args?: Record<string, unknown> };
          session.history.push({ tool: r.tool, args: r.args ?? {}, time: time ?? Number.NaN, ...(step.output !== undefined ? { output: step.output } : {}) });
          if (step.output === undefined) continue;
          enforcer.record(actual, step.output, { labels: step.outputLabels });
          const toolReturns = returns[Number(r.tool.slice(1))];
          session.contents.push({ text: contentText(step.output), labels: [...(toolReturns === undefined ? [] : [toolReturns]), ...step.outputLabels] });
        }
      }),
      { numRuns: 500 },
    );
    expect(compared).toBeGreaterThanOrEqual(minimumSteps);
    // The session must matter: a good share of decisions differ from what an empty session would get.
    expect(mattered).toBeGreaterThanOrEqual(compared / 10);
  });
});

describe("indexed provenance agrees with the naive definition", () => {
  // Identifiers, and near misses of each: extended, prefixed, one character altered, the same domain, another grouping.
  const pieces = fc.constantFrom(
    ...["alice@corp.example", "alice@corp.example.evil.io", "bob@corp.example", "Alice <ALICE@corp.example>", "mailto:alice%40corp.example"],
    ...["DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "DE89-3704-0044-0532-0130-01", "DE893704004405320130"],
    ...["www.informations.com", "www.true-informations.com", "https://informations.com/", "informations.com/x", "notes.txt", "+1 555-123-4567"],
    ...["Dora", "Le Marais Boutique", "Adorable", "dora-maria", "ali\u200bce@corp.example", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666"],
    ...["the", "invoice", "was", "sent", "to", "our", "finance", "team", "please", "review", ",", ".", "!", " ", "\u0000", "\u0001", "-", "\u00a0"],
    // Look-alikes (TR39 confusables) of the pieces above: Cyrillic `а`, `е`, `о`, `і`, Greek `ο`, a decomposed `ѐ`.
    ...[
      "\u0430lice@corp.example",
      "www.\u0456nformations.com",
      "inv\u043eice",
      "t\u0435am",
      "D\u03bfra",
      "fin\u0430nce",
      "t\u0435\u0300am",
      "Москва",
      "Mocквa",
    ],
  );
  const text = fc.array(pieces, { maxLength: 24 }).map((parts) => parts.join(" "));
  const glued = fc.array(pieces, { maxLength: 3 }).map((parts) => parts.join(""));
  const argument = fc.oneof(text, glued, pieces);
  const contents = fc.array(fc.record({ text, labels: fc.subarray(labels) }), { maxLength: 4 });
  const checks = { count: 0 };

  it("came from, carries and tainted, over content and arguments that share, nearly share and do not share identifiers", () => {
    fc.assert(
      fc.property(contents, argument, (given, s) => {
        const index = new SessionContents();
        for (const c of given) index.add(c.text, c.labels.includes("untrusted") ? c.labels : [...c.labels, OTHER_THAN_UNTRUSTED]);
        for (const label of labels) {
          const texts = given.filter((c) => c.labels.includes(label)).map((c) => c.text);
          expect(index.cameFrom(s, label), `from ${label}`).toBe(texts.some((t) => cameFrom(s, t)));
          expect(index.carries(s, label), `carries ${label}`).toBe(texts.some((t) => carries(s, t)));
          checks.count += 2;
        }
        const others = given.filter((c) => !c.labels.includes("untrusted")).map((c) => c.text);
        const untrusted = given.filter((c) => c.labels.includes("untrusted")).map((c) => c.text);
        expect(index.tainted(s), "tainted").toBe(taints(s, untrusted, others));
        checks.count++;
        // Content always came from itself, and carries its own identifiers.
        for (const c of given) for (const label of c.labels) if (normalize(c.text) !== "") expect(index.cameFrom(c.text, label)).toBe(true);
      }),
      { numRuns: 2500 },
    );
    expect(checks.count).toBeGreaterThanOrEqual(10_000);
  });
});
