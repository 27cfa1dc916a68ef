// The AI SDK's own approval step bridged to apol's reviews across a fleet on a real redis-server: one worker pauses the run, another opens the review and takes the signature, the call runs once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateText, jsonSchema, stepCountIs, tool, type ModelMessage } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { ed25519Approvers, generateKeys, signApproval } from "@apol/audit";
import { guardTools, openReview } from "@apol/ai-sdk";
import { createEnforcer, type Enforcer, type PolicyModule } from "@apol/runtime";
import { RedisStore } from "@apol/redis-store";
import { compiledModule } from "../harness/compiled-module.js";
import { RedisServer, redisServerFor } from "./server.js";

const binary = redisServerFor("the SDK approval bridge on Redis");

const source = `policy ops
tool delete_account(id: string)
rule deletions { review delete_account approvals 1 of ["cto"] reason "deleting an account needs the cto" }
rule hourly { deny delete_account when count(delete_account, 1h) >= 1 reason "one deletion an hour" }
`;

const cto = generateKeys();
const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };

describe.skipIf(!binary)("the AI SDK's approval step over the Redis store", () => {
  let server: RedisServer;
  let module: PolicyModule;
  const stores: RedisStore[] = [];

  /** An enforcer over its own connection and replicas: another worker. */
  async function worker(): Promise<Enforcer> {
    const store = new RedisStore({ url: server.url, timeoutMs: 5000 });
    stores.push(store);
    await store.connect();
    return createEnforcer(module, { store, approvers: ed25519Approvers({ cto: cto.publicKey }) });
  }

  beforeAll(async () => {
    server = await RedisServer.start(binary!);
    module = await compiledModule(source, "ops.apol");
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
  });

  it("pauses on one worker, is signed through another, and runs once when the first resumes; its count then holds on both", async () => {
    const [agentSide, desk] = [await worker(), await worker()];
    const options = { session: "fleet-1", sdkApproval: true };
    const ran: string[] = [];
    const tools = guardTools(
      agentSide,
      {
        delete_account: tool({
          inputSchema: jsonSchema<{ id: string }>({ type: "object", properties: { id: { type: "string" } }, required: ["id"] }),
          execute: async ({ id }) => (ran.push(id), "deleted"),
        }),
      },
      options,
    );
    let turn = 0;
    const model = new MockLanguageModelV3({
      doGenerate: async () =>
        turn++ === 0
          ? {
              content: [{ type: "tool-call", toolCallId: "c0", toolName: "delete_account", input: '{"id":"a1"}' }],
              finishReason: { unified: "tool-calls", raw: undefined },
              usage,
              warnings: [],
            }
          : { content: [{ type: "text", text: "done" }], finishReason: { unified: "stop", raw: undefined }, usage, warnings: [] },
    });
    const prompt: ModelMessage[] = [{ role: "user", content: "delete a1" }];
    const first = await generateText({ model, tools, stopWhen: stepCountIs(4), messages: prompt });
    const [request] = first.content.filter((part) => part.type === "tool-approval-request");

    // The host's other worker opens the review and takes the cto's signature.
    const held = await openReview(desk, options, request!);
    const { review, digest } = held.approvals!;
    expect(await desk.approveAsync(review, signApproval(cto.privateKey, review, digest, "cto"))).toMatchObject({ status: "released" });
    expect(await agentSide.previewAsync({ tool: "delete_account", session: "fleet-1", args: { id: "a1" } })).toMatchObject({
      effect: "allow",
      approved: { review },
    });

    const response: ModelMessage = { role: "tool", content: [{ type: "tool-approval-response", approvalId: request!.approvalId, approved: true }] };
    const resumed = await generateText({ model, tools, stopWhen: stepCountIs(4), messages: [...prompt, ...first.response.messages, response] });
    expect(resumed.text).toBe("done");
    expect(ran).toEqual(["a1"]);
    expect(await desk.reviewAsync(review)).toMatchObject({ status: "used" });
    for (const enforcer of [agentSide, desk]) {
      expect(await enforcer.previewAsync({ tool: "delete_account", session: "fleet-1", args: { id: "a2" } })).toMatchObject({ effect: "deny", rule: "hourly" });
    }
  });
});
