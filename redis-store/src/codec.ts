// How session events travel through Redis: history events as `TIME|KIND|JSON`, content events as JSON.
import type { SessionEvent } from "@apol/runtime/store";

/** A history event's arguments to the script: its time (`-` unknown, `""` the exchange's), kind and JSON. */
export function historyArgs(event: SessionEvent): [string, string, string] {
  switch (event.kind) {
    case "call":
      return [Number.isFinite(event.time) ? String(event.time) : "-", "c", JSON.stringify({ id: event.id, tool: event.tool, args: event.args })];
    case "output":
      return ["", "o", JSON.stringify({ id: event.id, output: event.output })];
    case "content":
      throw new Error("internal: content is not a history event");
  }
}

/** A content event's arguments to the script: the code units it indexes (its limit's measure) and its JSON. */
export function contentArgs(event: Extract<SessionEvent, { kind: "content" }>): [string, string] {
  return [String(event.text.length * event.labels.length), JSON.stringify({ text: event.text, labels: event.labels })];
}

/** The event a history list element holds. */
export function decodeHistory(element: string): SessionEvent {
  const bar = element.indexOf("|");
  const kind = element.charAt(bar + 1);
  const body = JSON.parse(element.slice(bar + 3)) as { id: string; tool?: string; args?: Record<string, unknown>; output?: unknown };
  if (kind === "o") return { kind: "output", id: body.id, output: body.output };
  const time = element.slice(0, bar);
  return { kind: "call", id: body.id, tool: body.tool!, args: body.args ?? {}, time: time === "-" ? Number.NaN : Number(time) };
}

/** The event a content list element holds. */
export function decodeContent(element: string): SessionEvent {
  const { text, labels } = JSON.parse(element) as { text: string; labels: string[] };
  return { kind: "content", text, labels };
}
