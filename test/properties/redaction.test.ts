// Redaction in the generated code against the executable spec: for generated policies, requests, states and outputs,
// the compiled module picks the same `redact` rules as the reference and rewrites the output to the same value and paths,
// and the runtime masks the same arguments for the log with the rules' `args.` paths.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Checked } from "../../compiler/src/check/check.js";
import { runPipeline } from "../../compiler/src/pipeline.js";
import { maskArgsReference, redactionsReference, redactReference } from "../../compiler/src/reference/redact.js";
import type { Decision, PolicyModule } from "../../runtime/src/contract.js";
import { DecisionEntries } from "../../runtime/src/log/decision-log.js";
import { indexState } from "../../runtime/src/session/snapshot.js";
import { arbPolicyWithRequests } from "./policy-arbitraries.js";
import { compiledModule } from "../harness/compiled-module.js";

/** Field names shared by the paths and the outputs, so that paths often find something. */
const keys = ["secret", "a", "items", "k"] as const;

/** An output path without the leading `output`: fields and `[*]`. */
const arbPath = fc
  .array(fc.oneof(fc.constantFrom(...keys), fc.constant("[*]")), { minLength: 1, maxLength: 4 })
  .map((steps) => ["output", ...steps].map((s, i) => (i === 0 ? s : s === "[*]" ? s : `.${s}`)).join(""));

/** JSON outputs built from the same field names (plus one no path names). */
const arbOutput: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...keys, "other"), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Outputs are mostly records, as tool outputs are, so that paths often find a field. */
const arbToolOutput = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom(...keys), arbOutput, { minKeys: 2, maxKeys: 4 }), weight: 3 },
  { arbitrary: arbOutput, weight: 1 },
);

const entries = new DecisionEntries();
const decision: Decision = { id: "d", effect: "deny", rule: "$default", reason: "", policy: "generated", policyHash: "sha256:00" };

/** The arguments as the enforcer logs them: masked by the `args.` paths of the `redact` rules the module says apply. */
function logged(module: PolicyModule, request: unknown, view: Parameters<PolicyModule["redactions"]>[1]): { args: unknown; masked: readonly string[] } {
  const args = typeof request === "object" && request !== null && Object.hasOwn(request, "args") ? (request as { args: unknown }).args : undefined;
  const entry = entries.decision(
    decision,
    args,
    module.redactions(request, view).flatMap((i) => module.rules[i]!.argPaths ?? []),
  );
  if (entry.event !== "decision") throw new Error("not a decision entry");
  return { args: entry.args, masked: entry.masked ?? [] };
}

describe("redaction in generated modules agrees with the reference", () => {
  it("on generated policies, requests, states and outputs, optimizer on and off", async () => {
    let redactedSome = 0;
    let maskedSome = 0;
    await fc.assert(
      fc.asyncProperty(
        arbPolicyWithRequests(),
        fc.array(fc.array(arbPath, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        fc.array(arbToolOutput, { minLength: 1, maxLength: 3 }),
        async (generated, pathLists, outputs) => {
          // Each `redact` rule gets its own list of paths (the tools declare no `output`, so any path checks).
          let rule = 0;
          const source = generated.source.replace(/ output\.secret/g, () => ` ${(pathLists[rule++ % pathLists.length] ?? ["output.secret"]).join(", ")}`);
          const checked = runPipeline(source, "gen.apol", "check").outputs.check as Checked;
          const modules: PolicyModule[] = [];
          for (const optimize of [true, false]) {
            modules.push(await compiledModule(source, "gen.apol", { optimize }));
          }
          for (const state of generated.states) {
            for (const request of generated.requests) {
              const expectedRules = redactionsReference(checked, request, state);
              const expectedMask = maskArgsReference(checked, request, state);
              if (expectedMask.masked.length > 0) maskedSome++;
              for (const module of modules) {
                const view = state === undefined ? undefined : indexState(state, module.needs);
                expect(logged(module, request, view), source).toEqual(expectedMask);
              }
              for (const output of outputs) {
                const before = JSON.stringify(output);
                const expected = redactReference(checked, request, state, output);
                if (expected.redacted.length > 0) redactedSome++;
                for (const module of modules) {
                  const view = state === undefined ? undefined : indexState(state, module.needs);
                  expect([...module.redactions(request, view)], source).toEqual(expectedRules);
                  const actual = module.redact(request, view, output);
                  expect(actual.redacted, source).toEqual(expected.redacted);
                  expect(actual.output, source).toEqual(expected.output);
                }
                // Neither implementation modifies the output it is given.
                expect(JSON.stringify(output)).toBe(before);
              }
            }
          }
        },
      ),
      { numRuns: 400 },
    );
    // The property is only worth something if redaction happened often.
    expect(redactedSome).toBeGreaterThan(40);
    expect(maskedSome).toBeGreaterThan(40);
  });
});
