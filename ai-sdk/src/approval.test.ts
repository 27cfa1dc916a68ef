// `sdkApproval` driven by the AI SDK's own approval flow (`needsApproval`, `tool-approval-request`, `tool-approval-response`) and a scripted model.
import { beforeAll, describe, expect, it } from "vitest";
import { generateText, jsonSchema, stepCountIs, tool, type ModelMessage } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { type Enforcer, type PolicyModule } from "@apol/runtime";
import { compiledModule } from "../../test/harness/compiled-module.js";
import { ctoEnforcer, opsPolicy } from "../../test/guard/adapter-policies.js";
import { generateKeys, signApproval } from "../../audit/src/index.js";
import { guardTools, openReview, rejectReview, type GuardToolsOptions } from "./index.js";

const cto = generateKeys();
const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };
const caller: GuardToolsOptions = { session: "thread-1", sdkApproval: true };
let module: PolicyModule;

beforeAll(async () => {
  module = await compiledModule(opsPolicy, "ops.apol");
});

/** An enforcer, the calls each tool ran, the log's decisions, and the run's tools with `sdkApproval`. */
function setup() {
  const { enforcer, decisions } = ctoEnforcer(module, cto);
  const ran: string[] = [];
  const idSchema = jsonSchema<{ id: string }>({ type: "object", properties: { id: { type: "string" } }, required: ["id"] });
  const tools = guardTools(
    enforcer,
    {
      delete_account: tool({ inputSchema: idSchema, execute: async ({ id }) => (ran.push(`delete ${id}`), "deleted") }),
      lookup: tool({ inputSchema: idSchema, execute: async ({ id }) => (ran.push(`lookup ${id}`), { id, name: "Ann" }) }),
    },
    caller,
  );
  return { enforcer, ran, decisions, tools };
}

/** A model that calls `toolName` once, then answers `done` to whatever it reads. */
function model(toolName: string, id: string): MockLanguageModelV3 {
  let turn = 0;
  return new MockLanguageModelV3({
    doGenerate: async () =>
      turn++ === 0
        ? {
            content: [{ type: "tool-call", toolCallId: "call-0", toolName, input: JSON.stringify({ id }) }],
            finishReason: { unified: "tool-calls", raw: undefined },
            usage,
            warnings: [],
          }
        : { content: [{ type: "text", text: "done" }], finishReason: { unified: "stop", raw: undefined }, usage, warnings: [] },
  });
}

/** Runs the model until the SDK pauses for approval: the approval request and the messages to continue from. */
async function paused(tools: ReturnType<typeof setup>["tools"], scripted: MockLanguageModelV3) {
  const prompt: ModelMessage[] = [{ role: "user", content: "delete account a1" }];
  const result = await generateText({ model: scripted, tools, stopWhen: stepCountIs(4), messages: prompt });
  const requests = result.content.filter((part) => part.type === "tool-approval-request");
  expect(requests).toHaveLength(1);
  return { request: requests[0]!, messages: [...prompt, ...result.response.messages] };
}

/** Answers the SDK's approval request and lets the run go on. */
async function answer(
  tools: ReturnType<typeof setup>["tools"],
  scripted: MockLanguageModelV3,
  messages: ModelMessage[],
  approvalId: string,
  approved: boolean,
) {
  const response: ModelMessage = {
    role: "tool",
    content: [{ type: "tool-approval-response", approvalId, approved, ...(approved ? {} : { reason: "the cto said no" }) }],
  };
  return generateText({ model: scripted, tools, stopWhen: stepCountIs(4), messages: [...messages, response] });
}

/** What the model was sent for each tool call: a tool the SDK ran after an approval answers in the response's messages, before any step. */
const outputs = (result: { readonly response: { readonly messages: readonly ModelMessage[] } }) =>
  result.response.messages.flatMap((m) => (m.role === "tool" ? m.content.flatMap((c) => (c.type === "tool-result" ? [c.output] : [])) : []));

function sign(enforcer: Enforcer, approvals: { review: string; digest: string }) {
  return enforcer.approve(approvals.review, signApproval(cto.privateKey, approvals.review, approvals.digest, "cto"));
}

describe("sdkApproval in generateText", () => {
  it("pauses a held call with the SDK's approval request; once the cto signs and the host approves, it runs exactly once", async () => {
    const { enforcer, ran, decisions, tools } = setup();
    const scripted = model("delete_account", "a1");
    const { request, messages } = await paused(tools, scripted);
    // Paused, nothing ran and nothing was decided: the SDK asked a preview.
    expect([ran, decisions]).toEqual([[], []]);

    const held = await openReview(enforcer, caller, request);
    expect(held).toMatchObject({ effect: "review", rule: "deletions", approvals: { required: 1, from: ["cto"] } });
    // Asked again, it is the same review.
    expect((await openReview(enforcer, caller, request)).approvals).toEqual(held.approvals);
    expect(sign(enforcer, held.approvals!)).toMatchObject({ ok: true, status: "released" });

    const result = await answer(tools, scripted, messages, request.approvalId, true);
    expect(outputs(result)).toEqual([{ type: "text", value: "deleted" }]);
    expect(result.text).toBe("done");
    expect(ran).toEqual(["delete a1"]);
    expect(decisions).toEqual(["review deletions", "allow deletions"]);
    expect(enforcer.review(held.approvals!.review)).toMatchObject({ status: "used" });
  });

  it("runs nothing when the host approves in the SDK without the signed quorum: the model reads the pending review", async () => {
    const { enforcer, ran, tools } = setup();
    const scripted = model("delete_account", "a1");
    const { request, messages } = await paused(tools, scripted);
    const held = await openReview(enforcer, caller, request);

    const result = await answer(tools, scripted, messages, request.approvalId, true);
    expect(outputs(result)).toEqual([
      {
        type: "json",
        value: { status: "pending_review", reason: "deleting an account needs the cto", review: held.approvals!.review, expiresAt: held.approvals!.expiresAt },
      },
    ]);
    expect(ran).toEqual([]);
    expect(enforcer.review(held.approvals!.review)).toMatchObject({ status: "pending" });
  });

  it("ends the review when the host denies in the SDK: the tool does not run, and a late signature releases nothing", async () => {
    const { enforcer, ran, tools } = setup();
    const scripted = model("delete_account", "a1");
    const { request, messages } = await paused(tools, scripted);
    const held = await openReview(enforcer, caller, request);

    expect(await rejectReview(enforcer, caller, request, { by: "ops", reason: "the cto said no" })).toMatchObject({ ok: true, status: "rejected" });
    const result = await answer(tools, scripted, messages, request.approvalId, false);
    expect(outputs(result)).toEqual([{ type: "execution-denied", reason: "the cto said no" }]);
    expect(ran).toEqual([]);
    expect(sign(enforcer, held.approvals!)).toMatchObject({ ok: false, status: "rejected" });
  });

  it("asks for no approval where the policy decides at once: a denied call reaches the model as its denial, an allowed one runs", async () => {
    const { ran, decisions, tools } = setup();
    const denied = await generateText({ model: model("delete_account", "root"), tools, stopWhen: stepCountIs(4), prompt: "delete root" });
    expect(denied.content.some((part) => part.type === "tool-approval-request")).toBe(false);
    expect(outputs(denied)).toEqual([{ type: "json", value: { status: "denied", reason: "the root account is never deleted" } }]);
    const allowed = await generateText({ model: model("lookup", "a1"), tools, stopWhen: stepCountIs(4), prompt: "look a1 up" });
    expect(outputs(allowed)).toEqual([{ type: "json", value: { id: "a1", name: "Ann" } }]);
    expect([ran, decisions]).toEqual([["lookup a1"], ["deny root", "allow reads"]]);
  });
});
