// The allowed calls an enforcer has settled, recorded or voided: checked to be its own, and remembered (boundedly) so neither happens twice.
import type { Decision, ToolSchema } from "../contract.js";
import { isRecord } from "../evaluate/value-semantics.js";

/** How a call was settled. */
export type Settlement = "recorded" | "voided";

const VERB: Record<Settlement, string> = { recorded: "record", voided: "abandon" };
const PURPOSE: Record<Settlement, string> = { recorded: "record its output", voided: "void it" };

/** What a preview's id has after the enforcer's prefix; a decision's has a number there, so the two never meet. */
export const PREVIEW = "preview-";

/** Whether `id` is a preview's (`enforcer.preview`): it let nothing run, so there is nothing to settle or redact. */
export function isPreview(id: string, prefix: string): boolean {
  return id.startsWith(prefix) && id.startsWith(PREVIEW, prefix.length);
}

/** Decision ids settled, at most `limit` of them, the oldest forgotten first. */
export class SettledCalls {
  private readonly settled = new Map<string, Settlement>();
  // The order ids were settled in, as a ring: evicting from the front of a churning `Map` gets slower as it churns.
  private readonly order: string[] = [];
  private oldest = 0;

  constructor(
    private readonly prefix: string,
    private readonly tools: Readonly<Record<string, ToolSchema>>,
    private readonly limit: number,
  ) {}

  /**
   * Settles the call `decision` admitted, `how`: its session and tool. Throws for a decision this enforcer did not make,
   * one not allowed, without a session or a tool of the policy, or settled already (while remembered).
   */
  settle(decision: Decision, how: Settlement): { readonly session: string; readonly tool: string } {
    if (!isRecord(decision) || typeof decision.id !== "string" || !decision.id.startsWith(this.prefix)) {
      throw new TypeError(`\`${VERB[how]}\` takes a decision this enforcer made`);
    }
    if (isPreview(decision.id, this.prefix)) throw new Error(`decision \`${decision.id}\` is a preview: no call ran, so there is nothing to ${VERB[how]}`);
    if (decision.effect !== "allow") {
      throw new Error(`decision \`${decision.id}\` is \`${decision.effect}\` (rule \`${decision.rule}\`): only a call that was allowed can be ${how}`);
    }
    if (typeof decision.session !== "string") throw new Error(`decision \`${decision.id}\` has no session: give the request a \`session\` to ${PURPOSE[how]}`);
    const tool = decision.tool;
    if (typeof tool !== "string" || !Object.hasOwn(this.tools, tool)) throw new TypeError(`decision \`${decision.id}\` names no tool of the policy`);
    const before = this.settled.get(decision.id);
    if (before !== undefined) throw new Error(`decision \`${decision.id}\` was ${before} already`);
    this.remember(decision.id, how);
    return { session: decision.session, tool };
  }

  private remember(id: string, how: Settlement): void {
    this.settled.set(id, how);
    if (this.order.length < this.limit) this.order.push(id);
    else {
      this.settled.delete(this.order[this.oldest]!);
      this.order[this.oldest] = id;
      this.oldest = (this.oldest + 1) % this.limit;
    }
  }
}
