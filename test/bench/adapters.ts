// What guarding adds to one tool call in each SDK adapter, standalone (`npx tsc -b && node --import tsx test/bench/adapters.ts [--quick]`):
// CPU time per call of each SDK's own tool function (AI SDK `execute`, Agents SDK `invoke`, LangChain `invoke`), bare and
// through `guardTools`, on a policy that decides, redacts and records every call. Bare and guarded alternate round after
// round, after one untimed round each, so a busy machine slows both alike; figures are medians over the rounds. Measures
// the packages as they ship (dist/).
import { tool as aiTool, jsonSchema } from "ai";
import { RunContext, tool as agentsTool } from "@openai/agents";
import { tool as langchainTool, type DynamicStructuredTool } from "@langchain/core/tools";
import { guardTools as guardAiTools } from "../../ai-sdk/dist/index.js";
import { guardTools as guardLangChainTools } from "../../langchain/dist/index.js";
import { guardTools as guardAgentTools } from "../../openai-agents/dist/index.js";
import { createEnforcer } from "../../runtime/dist/enforcer/enforcer.js";
import { guard } from "../../runtime/dist/host/guard.js";
import { median } from "./stats.js";
import { compiledModule } from "../harness/compiled-module.js";

const quick = process.argv.includes("--quick");
const calls = quick ? 5_000 : 20_000;
const rounds = quick ? 3 : 5;

const source = `policy bench
tool get_customer(id: string)
tool send_email(to: string)
rule planted { deny send_email when tainted(args.to) }
rule card { redact get_customer output.card }
rule ok { allow get_customer, send_email }
`;
const policy = await compiledModule(source, "bench.apol");

const parameters = { type: "object" as const, properties: { id: { type: "string" as const } }, required: ["id"], additionalProperties: false as const };
const lookup = async ({ id }: { id: string }) => ({ id, name: "Ann Lee", card: "4111 1111 1111 1111" });
const args = (i: number) => ({ id: `c-${i % 100}` });
const caller = (i: number) => ({ session: `s-${i % 10}` });

/** One call of a tool function, `i` the call's number. */
type Call = (i: number) => Promise<unknown>;

/** CPU µs per call over `calls` calls. */
async function cpuPerCall(call: Call): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call(i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

/** Each SDK's bare tool function and the same through a fresh enforcer's `guardTools`, per round. */
const sdks: Record<string, { bare: () => Call; guarded: () => Call }> = {
  // The floor: `guard` itself around the bare function, with no SDK.
  "no SDK (`guard`)": {
    bare: () => (i) => lookup(args(i)),
    guarded: () => {
      const enforcer = createEnforcer(policy);
      return (i) => guard(enforcer, { tool: "get_customer", ...caller(i), args: args(i), run: () => lookup(args(i)) });
    },
  },
  "AI SDK (`execute`)": {
    bare: () => {
      const t = aiTool({ inputSchema: jsonSchema<{ id: string }>(parameters), execute: lookup });
      return (i) => t.execute!(args(i), { toolCallId: "c", messages: [] }) as Promise<unknown>;
    },
    guarded: () => {
      const enforcer = createEnforcer(policy);
      const tools = { get_customer: aiTool({ inputSchema: jsonSchema<{ id: string }>(parameters), execute: lookup }) };
      // The AI SDK adapter's session is fixed per `guardTools` call: one guarded set per session.
      const sets = Array.from({ length: 10 }, (_, i) => guardAiTools(enforcer, tools, caller(i)));
      return (i) => sets[i % 10]!.get_customer.execute!(args(i), { toolCallId: "c", messages: [] }) as Promise<unknown>;
    },
  },
  "OpenAI Agents SDK (`invoke`)": {
    bare: () => {
      const t = agentsTool({ name: "get_customer", description: "d", parameters, execute: lookup as never });
      const context = new RunContext({});
      return (i) => t.invoke(context, JSON.stringify(args(i)));
    },
    guarded: () => {
      const [t] = guardAgentTools(createEnforcer(policy), [{ name: "get_customer", description: "d", parameters, execute: lookup as never }], ({ context }) =>
        caller((context as { i: number }).i),
      );
      return (i) => t!.invoke(new RunContext({ i }), JSON.stringify(args(i)));
    },
  },
  "LangChain (`invoke`)": {
    bare: () => {
      // A JSON schema makes a structured tool; `tool()`'s last overload types it as either kind.
      const t = langchainTool(lookup, { name: "get_customer", description: "d", schema: parameters }) as DynamicStructuredTool;
      return (i) => t.invoke(args(i));
    },
    guarded: () => {
      const [t] = guardLangChainTools(
        createEnforcer(policy),
        [langchainTool(lookup, { name: "get_customer", description: "d", schema: parameters })],
        (config) => caller(Number(config.configurable?.["i"])),
      );
      return (i) => t!.invoke(args(i), { configurable: { i } });
    },
  },
};

console.log(`| SDK | bare µs/call | guarded µs/call | guarding adds |`);
console.log(`|---|---:|---:|---:|`);
for (const [name, sdk] of Object.entries(sdks)) {
  // One untimed round each first, so the JIT has compiled both paths.
  await cpuPerCall(sdk.bare());
  await cpuPerCall(sdk.guarded());
  const bare: number[] = [];
  const guarded: number[] = [];
  for (let round = 0; round < rounds; round++) {
    bare.push(await cpuPerCall(sdk.bare()));
    guarded.push(await cpuPerCall(sdk.guarded()));
  }
  const [b, g] = [median(bare), median(guarded)];
  console.log(`| ${name} | ${b.toFixed(1)} | ${g.toFixed(1)} | ${(g - b).toFixed(1)} |`);
}
