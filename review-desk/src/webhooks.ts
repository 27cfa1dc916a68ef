// Notifications: when a review opens, a JSON POST (or a Slack-compatible one) to each webhook of the approver groups it asks.
import type { Summary } from "./view.js";

/** One webhook. */
export interface Webhook {
  readonly url: string;
  /** The group (a key of the desk's `groups`) or approver name whose reviews it hears of; absent: every review. */
  readonly group?: string;
  /** `json` (the default): the review as data; `slack`: `{ text }` with the link, for a Slack incoming webhook. */
  readonly format?: "json" | "slack";
}

/** Whether a review asks `hook`'s group: the group named by its approvers, or one of them, or any approver when the rule names none. */
function hears(hook: Webhook, review: Summary, groups: Readonly<Record<string, readonly string[]>>): boolean {
  if (hook.group === undefined || review.from === undefined) return true;
  const members = groups[hook.group] ?? [hook.group];
  return members.some((name) => review.from!.includes(name));
}

/** Slack reads `&`, `<` and `>` as markup: escaped, a tool name cannot forge a link. */
const slackText = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The body posted for `review`, with `link` to its detail page. */
function payload(hook: Webhook, review: Summary, link: string): unknown {
  const asks = `${review.required} of ${review.group ?? review.from?.join(", ") ?? "any approver"}`;
  if (hook.format === "slack") {
    return {
      text: `apol: \`${slackText(review.tool)}\` is held by rule \`${slackText(review.rule)}\`: ${slackText(review.reason)} (needs ${slackText(asks)}, expires ${new Date(review.expiresAt).toISOString()}) <${link}|open in the review desk>`,
    };
  }
  return {
    event: "review.opened",
    review: review.review,
    tool: review.tool,
    rule: review.rule,
    reason: review.reason,
    required: review.required,
    from: review.from ?? null,
    group: review.group ?? null,
    expiresAt: new Date(review.expiresAt).toISOString(),
    link,
  };
}

/** Posts a review's notifications; failures are reported, never thrown (a webhook down must not stop the desk). */
export async function notify(
  hooks: readonly Webhook[],
  review: Summary,
  link: string,
  groups: Readonly<Record<string, readonly string[]>>,
  onError: (message: string) => void,
): Promise<void> {
  await Promise.all(
    hooks
      .filter((hook) => hears(hook, review, groups))
      .map(async (hook) => {
        try {
          const response = await fetch(hook.url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(payload(hook, review, link)),
            signal: AbortSignal.timeout(10_000),
          });
          if (!response.ok) onError(`webhook \`${hook.url}\` answered ${response.status} for review \`${review.review}\``);
        } catch (error) {
          onError(`webhook \`${hook.url}\` failed for review \`${review.review}\`: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
  );
}
