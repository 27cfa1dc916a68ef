// Type tests, checked by `npm run typecheck`: each `@ts-expect-error` fails the build if the typing it pins loosens
// (a misspelt tool, a wrong argument type, a wrong enum member, a mistyped identity part all stop compiling).
import { createEnforcer, type Enforcer } from "@apol/runtime";
import * as shop from "./shop.js";
import { guardTools as guardAiTools } from "@apol/ai-sdk";
import { guardTools as guardLangChainTools } from "@apol/langchain";
import { guardTools as guardAgentTools } from "@apol/openai-agents";

const enforcer = createEnforcer(shop, { clock: null });

export function calls(): void {
  enforcer.decide({ tool: "issue_refund", now: 0, args: { order: "A1", amount: 20, currency: "EUR" }, user: { id: "u", role: "manager" } });
  enforcer.decide({ tool: "lookup", args: { order: "A1" } });
  void enforcer.decideAsync({ tool: "issue_refund", args: { order: "A1", amount: 20, currency: "USD", note: null } });

  // @ts-expect-error a misspelt tool
  enforcer.decide({ tool: "issue_refnd", args: { order: "A1", amount: 20, currency: "EUR" } });
  // @ts-expect-error an argument of the wrong type
  enforcer.decide({ tool: "issue_refund", args: { order: "A1", amount: "20", currency: "EUR" } });
  // @ts-expect-error an enum member the policy does not declare
  enforcer.explain({ tool: "issue_refund", args: { order: "A1", amount: 20, currency: "GBP" } });
  // @ts-expect-error a missing required argument
  void enforcer.explainAsync({ tool: "issue_refund", args: { order: "A1", currency: "EUR" } });
  // @ts-expect-error an argument the tool does not declare
  enforcer.decide({ tool: "lookup", args: { order: "A1", extra: 1 } });
  // @ts-expect-error an identity part that does not fit its declared shape
  enforcer.decide({ tool: "lookup", args: { order: "A1" }, user: { id: "u", role: "admin" } });
}

// The policy's enums and identity shapes are exported from its declarations.
export const role: shop.Role = "clerk";
// @ts-expect-error not a member of `Role`
export const wrongRole: shop.Role = "admin";
export const user: shop.User = { id: "u", role: "manager" };

// A typed enforcer still fits where any enforcer is taken (guard, the adapters).
export const untyped: Enforcer = enforcer;
// An untyped module gives an enforcer that takes anything, as before.
export function anything(module: import("@apol/runtime").PolicyModule): void {
  createEnforcer(module).decide({ tool: "whatever", args: { x: 1 } });
}

// Every adapter takes a typed enforcer as it is.
export function adapters(): void {
  const session = { session: "thread-1" };
  void guardAiTools(enforcer, {}, session);
  void guardAgentTools(enforcer, [], session);
  void guardLangChainTools(enforcer, [], session);
}
