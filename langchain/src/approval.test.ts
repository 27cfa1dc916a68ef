// `interruptOn` driven by LangChain's own `humanInTheLoopMiddleware` in `createAgent` (interrupts, `Command({ resume })`) and its scripted `fakeModel`.
import { beforeAll, describe, expect, it } from "vitest";
import { AIMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import { Command, MemorySaver } from "@langchain/langgraph";
import { createAgent, humanInTheLoopMiddleware, type AgentMiddleware } from "langchain";
import { type Enforcer, type PolicyModule, type ToolCaller } from "@apol/runtime";
import { outputsSeen } from "../../test/guard/langchain-outputs.js";
import { compiledModule } from "../../test/harness/compiled-module.js";
import { ctoEnforcer, opsPolicy, toolSchemas } from "../../test/guard/adapter-policies.js";
import { generateKeys, signApproval } from "../../audit/src/index.js";
import { guardTools, interruptOn, openReview, rejectReview, type ActionRequest } from "./index.js";

const cto = generateKeys();
const schemas = toolSchemas(opsPolicy, "ops.apol");
/** The apol session is the thread, as the agent's tools read it from their config. */
const thread = { configurable: { thread_id: "thread-1" } };
const caller: ToolCaller = { session: "thread-1" };
let module: PolicyModule;

beforeAll(async () => {
  module = await compiledModule(opsPolicy, "ops.apol");
});

/** An enforcer, the calls each tool ran, the log's decisions, and an agent whose scripted model calls `toolName` once, then says `done`. */
function setup(toolName: string, id: string) {
  const { enforcer, decisions } = ctoEnforcer(module, cto);
  const ran: string[] = [];
  const tools = [
    tool(async ({ id }: { id: string }) => (ran.push(`delete ${id}`), "deleted"), {
      name: "delete_account",
      description: "delete",
      schema: schemas["delete_account"]!,
    }),
    tool(async ({ id }: { id: string }) => (ran.push(`lookup ${id}`), "Ann"), { name: "lookup", description: "look up", schema: schemas["lookup"]! }),
  ];
  /** The sessions the middleware's predicate and the tool read from the thread. */
  const sessions: string[] = [];
  const threadOf = (config: { configurable?: Record<string, unknown> }): ToolCaller => {
    sessions.push(String(config.configurable?.["thread_id"]));
    return { session: sessions.at(-1)! };
  };
  const model = fakeModel()
    .respondWithTools([{ name: toolName, args: { id }, id: "call-0" }])
    .respond(new AIMessage("done"));
  const agent = createAgent({
    model,
    tools: guardTools(enforcer, tools, threadOf),
    // Under `exactOptionalPropertyTypes` LangChain's middleware types disagree with zod's (`_def.description`), so its
    // config type reads as `never`; what it takes is checked by running it below.
    middleware: [humanInTheLoopMiddleware({ interruptOn: interruptOn(enforcer, tools, threadOf) } as never) as AgentMiddleware],
    checkpointer: new MemorySaver(),
  });
  return { enforcer, ran, decisions, sessions, model, agent };
}

/** The interrupt's action requests, when the run stopped at one. */
function interrupted(result: unknown): ActionRequest[] {
  const interrupts = (result as { __interrupt__?: { value: { actionRequests: ActionRequest[] } }[] }).__interrupt__ ?? [];
  return interrupts.flatMap((i) => i.value.actionRequests.map(({ name, args }) => ({ name, args })));
}

function sign(enforcer: Enforcer, approvals: { review: string; digest: string }) {
  return enforcer.approve(approvals.review, signApproval(cto.privateKey, approvals.review, approvals.digest, "cto"));
}

const ask = (text: string) => ({ messages: [{ role: "user", content: text }] });

describe("interruptOn with humanInTheLoopMiddleware in createAgent", () => {
  it("interrupts a held call; once the cto signs and the host approves, the resumed run calls it exactly once", async () => {
    const { enforcer, ran, decisions, sessions, model, agent } = setup("delete_account", "a1");
    const first = await agent.invoke(ask("delete a1"), thread);
    const [action] = interrupted(first);
    expect(interrupted(first)).toEqual([{ name: "delete_account", args: { id: "a1" } }]);
    // Interrupted, nothing ran and nothing was decided: the middleware asked a preview.
    expect([ran, decisions]).toEqual([[], []]);

    const held = await openReview(enforcer, caller, action!);
    expect(held).toMatchObject({ effect: "review", rule: "deletions", approvals: { required: 1, from: ["cto"] } });
    expect(sign(enforcer, held.approvals!)).toMatchObject({ ok: true, status: "released" });
    const resumed = await agent.invoke(new Command({ resume: { decisions: [{ type: "approve" }] } }), thread);

    expect(String(resumed.messages.at(-1)!.content)).toBe("done");
    expect(outputsSeen(model.calls.at(-1)!.messages)).toEqual(["deleted"]);
    expect(ran).toEqual(["delete a1"]);
    expect(decisions).toEqual(["review deletions", "allow deletions"]);
    expect(enforcer.review(held.approvals!.review)).toMatchObject({ status: "used" });
    // The predicate (asked again on resuming) and the tool both read the thread from the run's config.
    expect(sessions).toEqual(["thread-1", "thread-1", "thread-1"]);
  });

  it("runs nothing when the host approves in the middleware without the signed quorum: the model reads the pending review", async () => {
    const { enforcer, ran, model, agent } = setup("delete_account", "a1");
    const [action] = interrupted(await agent.invoke(ask("delete a1"), thread));
    await agent.invoke(new Command({ resume: { decisions: [{ type: "approve" }] } }), thread);

    expect(ran).toEqual([]);
    const [seen] = outputsSeen(model.calls.at(-1)!.messages) as [{ review: string }];
    expect(seen).toMatchObject({ status: "pending_review", reason: "deleting an account needs the cto", review: expect.any(String) });
    expect((await openReview(enforcer, caller, action!)).approvals!.review).toBe(seen.review);
    expect(enforcer.review(seen.review)).toMatchObject({ status: "pending" });
  });

  it("ends the review when the host rejects in the middleware: the tool does not run, and a late signature releases nothing", async () => {
    const { enforcer, ran, model, agent } = setup("delete_account", "a1");
    const [action] = interrupted(await agent.invoke(ask("delete a1"), thread));
    const held = await openReview(enforcer, caller, action!);

    expect(await rejectReview(enforcer, caller, action!, { by: "ops", reason: "the cto said no" })).toMatchObject({ ok: true, status: "rejected" });
    const resumed = await agent.invoke(new Command({ resume: { decisions: [{ type: "reject", message: "the cto said no" }] } }), thread);
    expect(String(resumed.messages.at(-1)!.content)).toBe("done");
    expect(outputsSeen(model.calls.at(-1)!.messages)).toEqual(["the cto said no"]);
    expect(ran).toEqual([]);
    expect(sign(enforcer, held.approvals!)).toMatchObject({ ok: false, status: "rejected" });
  });

  it("interrupts nothing the policy decides at once: a denied call reaches the model as its denial, an allowed one runs", async () => {
    const denied = setup("delete_account", "root");
    const result = await denied.agent.invoke(ask("delete root"), thread);
    expect(interrupted(result)).toEqual([]);
    expect(outputsSeen(denied.model.calls.at(-1)!.messages)).toEqual([{ status: "denied", reason: "the root account is never deleted" }]);
    const allowed = setup("lookup", "a1");
    expect(interrupted(await allowed.agent.invoke(ask("look a1 up"), thread))).toEqual([]);
    expect([allowed.ran, allowed.decisions]).toEqual([["lookup a1"], ["allow reads"]]);
  });
});
