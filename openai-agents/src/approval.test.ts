// `sdkApproval` driven by the Agents SDK's own approval flow (`needsApproval`, `result.interruptions`, `state.approve`/`reject`, resuming `run`) and its `ScriptedModel`.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent, run, setTracingDisabled } from "@openai/agents";
import { assistantMessage, functionCall, ScriptedModel, type RecordedModelCall } from "@openai/agents/testing";
import { type Enforcer, type PolicyModule, type ToolCaller } from "@apol/runtime";
import { compiledModule } from "../../test/harness/compiled-module.js";
import { ctoEnforcer, opsPolicy, toolSchemas } from "../../test/guard/adapter-policies.js";
import { generateKeys, signApproval } from "../../audit/src/index.js";
import { guardTools, openReview, rejectReview } from "./index.js";

const cto = generateKeys();
const schemas = toolSchemas(opsPolicy, "ops.apol");
const caller: ToolCaller = { session: "thread-1" };
let module: PolicyModule;

beforeAll(async () => {
  setTracingDisabled(true);
  module = await compiledModule(opsPolicy, "ops.apol");
});

/** An enforcer, the calls each tool ran, the log's decisions, and an agent whose scripted model calls `toolName` once, then says `done`. */
function setup(toolName: string, id: string) {
  const { enforcer, decisions } = ctoEnforcer(module, cto);
  const ran: string[] = [];
  const tools = guardTools(
    enforcer,
    [
      {
        name: "delete_account",
        description: "delete",
        parameters: schemas["delete_account"]!,
        execute: async (input) => (ran.push(`delete ${(input as { id: string }).id}`), "deleted"),
      },
      {
        name: "lookup",
        description: "look up",
        parameters: schemas["lookup"]!,
        execute: async (input) => (ran.push(`lookup ${(input as { id: string }).id}`), "Ann"),
      },
    ],
    caller,
    { sdkApproval: true },
  );
  const model = new ScriptedModel([[functionCall(toolName, { id }, { callId: "c0" })], [assistantMessage("done")]]);
  return { enforcer, ran, decisions, model, agent: new Agent({ name: "ops", model, tools }) };
}

/** The tool outputs the model was sent, parsed where they are JSON. */
function outputsSeen(call: RecordedModelCall): unknown[] {
  const input = call.request.input;
  if (typeof input === "string") return [];
  return input.flatMap((item) => {
    if (item.type !== "function_call_result") return [];
    const text = typeof item.output === "string" ? item.output : !Array.isArray(item.output) && item.output.type === "text" ? item.output.text : "";
    try {
      return [JSON.parse(text) as unknown];
    } catch {
      return [text];
    }
  });
}

function sign(enforcer: Enforcer, approvals: { review: string; digest: string }) {
  return enforcer.approve(approvals.review, signApproval(cto.privateKey, approvals.review, approvals.digest, "cto"));
}

describe("sdkApproval in the Agents SDK's run()", () => {
  it("interrupts the run for a held call; once the cto signs and the host approves, the resumed run calls it exactly once", async () => {
    const { enforcer, ran, decisions, model, agent } = setup("delete_account", "a1");
    const first = await run(agent, "delete a1");
    expect(first.interruptions.map((item) => [item.name, item.arguments])).toEqual([["delete_account", '{"id":"a1"}']]);
    // Interrupted, nothing ran and nothing was decided: the SDK asked a preview.
    expect([ran, decisions]).toEqual([[], []]);

    const item = first.interruptions[0]!;
    const held = await openReview(enforcer, caller, item);
    expect(held).toMatchObject({ effect: "review", rule: "deletions", approvals: { required: 1, from: ["cto"] } });
    expect(sign(enforcer, held.approvals!)).toMatchObject({ ok: true, status: "released" });
    first.state.approve(item);
    const resumed = await run(agent, first.state);

    expect(resumed.finalOutput).toBe("done");
    model.assertComplete();
    expect(outputsSeen(model.lastCall!)).toEqual(["deleted"]);
    expect(ran).toEqual(["delete a1"]);
    expect(decisions).toEqual(["review deletions", "allow deletions"]);
    expect(enforcer.review(held.approvals!.review)).toMatchObject({ status: "used" });
  });

  it("runs nothing when the host approves in the SDK without the signed quorum: the model reads the pending review", async () => {
    const { enforcer, ran, model, agent } = setup("delete_account", "a1");
    const first = await run(agent, "delete a1");
    const item = first.interruptions[0]!;
    first.state.approve(item);
    await run(agent, first.state);

    expect(ran).toEqual([]);
    const [seen] = outputsSeen(model.lastCall!) as [{ review: string }];
    expect(seen).toMatchObject({ status: "pending_review", reason: "deleting an account needs the cto", review: expect.any(String) });
    // The held call's review is the one the host would now have signed.
    expect((await openReview(enforcer, caller, item)).approvals!.review).toBe(seen.review);
    expect(enforcer.review(seen.review)).toMatchObject({ status: "pending" });
  });

  it("ends the review when the host rejects in the SDK: the tool does not run, and a late signature releases nothing", async () => {
    const { enforcer, ran, model, agent } = setup("delete_account", "a1");
    const first = await run(agent, "delete a1");
    const item = first.interruptions[0]!;
    const held = await openReview(enforcer, caller, item);

    expect(await rejectReview(enforcer, caller, item, { by: "ops", reason: "the cto said no" })).toMatchObject({ ok: true, status: "rejected" });
    first.state.reject(item, { message: "the cto said no" });
    const resumed = await run(agent, first.state);
    expect(resumed.finalOutput).toBe("done");
    expect(outputsSeen(model.lastCall!)).toEqual(["the cto said no"]);
    expect(ran).toEqual([]);
    expect(sign(enforcer, held.approvals!)).toMatchObject({ ok: false, status: "rejected" });
  });

  it("interrupts nothing the policy decides at once: a denied call reaches the model as its denial, an allowed one runs", async () => {
    const denied = setup("delete_account", "root");
    const result = await run(denied.agent, "delete root");
    expect(result.interruptions).toEqual([]);
    expect(outputsSeen(denied.model.lastCall!)).toEqual([{ status: "denied", reason: "the root account is never deleted" }]);
    const allowed = setup("lookup", "a1");
    expect((await run(allowed.agent, "look a1 up")).interruptions).toEqual([]);
    expect([allowed.ran, allowed.decisions]).toEqual([["lookup a1"], ["allow reads"]]);
  });
});
