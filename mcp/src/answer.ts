// The MCP tool result a client reads when the gateway did not return the tool's own output: a deny, a pending review, a failure.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { GuardResult } from "@apol/runtime";

/** A tool result with `isError` (the server's tool failed): thrown inside `guard` so the call is voided. */
export class UpstreamToolError extends Error {
  constructor(readonly result: CallToolResult) {
    super("the tool reported an error");
  }
}

/**
 * The error result for a call that did not end `ok`, in words the model can act on: the rule and its reason for a
 * deny, the review id for a pending review, the server's own error for a failed tool (voided, so a retry is decided
 * afresh). `failureSeen` says whether the failed tool's error text was recorded for provenance; unseen, it is withheld.
 */
export function answer(result: Exclude<GuardResult, { status: "ok" }>, failureSeen: boolean): CallToolResult {
  switch (result.status) {
    case "denied": {
      const { rule, reason } = result.decision;
      const review = result.review === undefined ? "" : ` (the review \`${result.review.review}\` was ${result.review.status})`;
      return error(`denied by apol rule \`${rule}\`${review}: ${reason}`);
    }
    case "pending": {
      const { rule, reason, approvals } = result.decision;
      const expires = approvals === undefined ? "" : `, until ${approvals.expiresAt}`;
      return error(`held for review \`${result.review.review}\` by apol rule \`${rule}\`: ${reason}. Call again once it is approved${expires}.`);
    }
    case "failed":
      if (result.step !== "tool")
        return error(`apol could not ${result.step === "review" ? "read the review" : "record the output"}, so the call's output is withheld`);
      if (!failureSeen) return error("the tool failed, and apol could not record its error text, so it is withheld (the call was voided)");
      if (result.error instanceof UpstreamToolError) return result.error.result;
      return error(`the tool failed: ${result.error instanceof Error ? result.error.message : String(result.error)} (the call was voided)`);
  }
}

/** The error for a call to a tool refused because the server's schema and the policy's disagree: which way, so an operator can fix one. */
export function refusedForDrift(tool: string, problems: readonly string[]): CallToolResult {
  return error(`apol refuses \`${tool}\`: the server's schema for it and the policy disagree (${problems.join("; ")})`);
}

/** An MCP tool error with one text block. */
function error(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}
