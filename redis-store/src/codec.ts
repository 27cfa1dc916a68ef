// How session events travel through Redis: history events as `TIME|KIND|JSON`, content events as JSON.
import type { SessionEvent } from "@apol/runtime/store";

/** A history event's arguments to the script: its time (`-` unknown, `""` the exchange's), kind and JSON. */
export function historyArgs(event: SessionEvent): [string, string, string] {
  switch (event.kind) {
    case "call":
      return [Number.isFinite(event.time) ? String(event.time) : "-", "c", JSON.stringify({ id: event.id, tool: event.tool, args: event.args })];
    case "output":
      return ["", "o", JSON.stringify({ id: event.id, output: event.output })];
    case "void":
      return ["", "v", JSON.stringify({ id: event.id })];
    case "content":
    case "lost":
      throw new Error("internal: content is not a history event");
  }
}

/** The events that go to a session's content list: labelled content, and content that could not be read. */
export type ContentEvent = Extract<SessionEvent, { kind: "content" | "lost" }>;

/**
 * A content event's arguments to the script: the code units it indexes (its limit's measure) and its
 * JSON; for content that could not be read, `L` and why, which the script keeps as the session's `lost`.
 */
export function contentArgs(event: ContentEvent): [string, string] {
  if (event.kind === "lost") return ["L", event.reason];
  return [String(event.text.length * event.labels.length), JSON.stringify({ text: event.text, labels: event.labels, source: event.source })];
}

/**
 * The event a history list element holds: `c` a call, `o` an output, `v` a void, `x` a call the script voided in place
 * (read as its void, so a copy loaded whole never holds it); throws on anything the script did not write, so corrupted state fails closed instead of reading as less. */
export function decodeHistory(element: string): SessionEvent {
  const bar = element.indexOf("|");
  const kind = element.slice(bar + 1, bar + 2);
  const time = element.slice(0, bar);
  if (bar < 0 || element.charAt(bar + 2) !== "|" || !"coxv".includes(kind) || kind === "") throw corrupted("a history event is malformed");
  const body: unknown = JSON.parse(element.slice(bar + 3));
  if (!isPlainRecord(body) || typeof body["id"] !== "string") throw corrupted("a history event has no id");
  if (kind === "o") return { kind: "output", id: body["id"], output: body["output"] };
  if (kind === "v" || kind === "x") return { kind: "void", id: body["id"] };
  if (time !== "-" && (time === "" || !Number.isFinite(Number(time)))) throw corrupted("a call's time is not a number");
  const { tool, args } = body;
  if (typeof tool !== "string" || !isPlainRecord(args)) throw corrupted("a call has no tool or its arguments are not an object");
  return { kind: "call", id: body["id"], tool, args, time: time === "-" ? Number.NaN : Number(time) };
}

/** The event a content list element holds; throws unless its text is a string and its labels a list of strings. */
export function decodeContent(element: string): SessionEvent {
  const body: unknown = JSON.parse(element);
  if (!isPlainRecord(body)) throw corrupted("a content event is not an object");
  const { text, labels, source } = body;
  if (typeof text !== "string") throw corrupted("a content event's text is not a string");
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === "string")) throw corrupted("a content event's labels are not a list of strings");
  if (source === undefined) return { kind: "content", text, labels };
  if (!isPlainRecord(source) || typeof source["call"] !== "string" || typeof source["tool"] !== "string")
    throw corrupted("a content event's source is not a call and a tool");
  return { kind: "content", text, labels, source: { call: source["call"], tool: source["tool"] } };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function corrupted(what: string): Error {
  return new Error(`the session's stored state is corrupted: ${what}`);
}
