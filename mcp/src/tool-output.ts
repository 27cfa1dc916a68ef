// What apol sees of an MCP tool result (its output value), and the result the client gets once that value is redacted.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

type Content = CallToolResult["content"][number];

/**
 * The output of a tool result as the policy sees it (`output.` paths, `returns` labels, provenance): the
 * `structuredContent` when the server gave one; else one value per content block, a text block as its text parsed
 * as JSON when it is JSON (so `output.field` reaches a server that answers in JSON text) or as the text itself, any
 * other block as itself; a single block stands alone rather than in a list.
 */
export function outputOf(result: CallToolResult): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const values = result.content.map(valueOf);
  return values.length === 1 ? values[0] : values;
}

/**
 * The result the client gets when `redacted` (the redacted output) replaced fields of `outputOf(result)`; the result
 * itself when nothing was redacted. A text block that repeats the structured content is written again from the
 * redacted value; any other text block is withheld, since it may repeat a redacted field in a form no path reaches.
 */
export function redactedResult(result: CallToolResult, redacted: unknown, paths: readonly string[]): CallToolResult {
  if (paths.length === 0) return result;
  if (result.structuredContent !== undefined) {
    const original = JSON.stringify(result.structuredContent);
    const content = result.content.map((block): Content => {
      if (block.type !== "text") return block;
      return { ...block, text: sameJson(block.text, original) ? JSON.stringify(redacted) : WITHHELD };
    });
    return { ...result, content, structuredContent: redacted as Record<string, unknown> };
  }
  const values: readonly unknown[] = result.content.length === 1 ? [redacted] : Array.isArray(redacted) ? redacted : [];
  const content = result.content.map((block, i): Content => {
    const value = values[i];
    if (block.type === "text") return { ...block, text: textOf(value) };
    return typeof value === "object" && value !== null && "type" in value ? (value as Content) : { type: "text", text: WITHHELD };
  });
  return { ...result, content };
}

/** What a withheld text block says instead. */
const WITHHELD = "[redacted: this text repeated a field apol redacts]";

/** A text block's value: its JSON, or the text itself. */
function valueOf(block: Content): unknown {
  if (block.type !== "text") return block;
  try {
    return JSON.parse(block.text) as unknown;
  } catch {
    return block.text;
  }
}

/** A value written back into a text block. */
function textOf(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? WITHHELD);
}

/** Whether `text` is JSON equal to the serialized `json` (servers may indent theirs). */
function sameJson(text: string, json: string): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === json;
  } catch {
    return false;
  }
}
