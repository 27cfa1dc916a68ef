// What an enforcer adds to sessions besides decisions: recorded outputs, voided calls, observed content and loaded sessions.
import type { Decision, EvaluationState } from "../contract.js";
import type { ContentOptions, Parts } from "./parts.js";
import { describe } from "../data/plain.js";
import { callEvent, contentEvent, outputEvents, type SessionEvent } from "../session/session.js";

function checkLabels(options: ContentOptions | undefined): readonly string[] {
  const labels = options?.labels ?? [];
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === "string")) throw new TypeError("`labels` must be a list of strings");
  return labels;
}

/** Tells the host its content was not kept: the `lost` event already makes the session fail closed on provenance. */
function reportLost(events: readonly SessionEvent[]): void {
  const lost = events.find((e) => e.kind === "lost");
  if (lost) throw new Error(`${lost.reason}: decisions in this session that check provenance now fail closed`);
}

/** Appends events to one enforcer's sessions, with a synchronous store or any; each method throws for what the caller got wrong. */
export class Recorder {
  constructor(private readonly parts: Parts) {}

  /** Records the output of the call an allowed decision admitted, labelled with the tool's `returns` label and `options.labels`. */
  record(decision: Decision, output: unknown, options: ContentOptions | undefined, synchronous: boolean): void | Promise<void> {
    const write = this.writer("record", synchronous);
    const labels = checkLabels(options);
    const { needs, tools } = this.parts.module;
    const { session, tool } = this.parts.settled.settle(decision, "recorded");
    const returns = tools[tool]!.returns;
    const events = outputEvents(needs, decision.id, tool, output, returns === undefined ? labels : [returns, ...labels]);
    return write(session, events, () => reportLost(events));
  }

  /** Voids the call an allowed decision admitted: it leaves its session's history in one store step, and the log says so. */
  abandon(decision: Decision, synchronous: boolean): void | Promise<void> {
    const write = this.writer("abandon", synchronous);
    const { session } = this.parts.settled.settle(decision, "voided");
    return write(session, [{ kind: "void", id: decision.id }], () => this.voidLogged(decision, session));
  }

  /** Records content no tool produced in `session`. */
  observe(session: string, content: unknown, options: ContentOptions | undefined, synchronous: boolean): void | Promise<void> {
    const write = this.writer("observe", synchronous);
    if (typeof session !== "string") throw new TypeError("`observe` needs a session id (a string)");
    const event = contentEvent(this.parts.module.needs, content, checkLabels(options));
    const events = event ? [event] : [];
    return write(session, events, () => reportLost(events));
  }

  /** Adds earlier calls and content to `session`; ids are fresh, so they never meet a decision's. */
  load(session: string, state: Omit<EvaluationState, "now">, synchronous: boolean): void | Promise<void> {
    const write = this.writer("load", synchronous);
    if (typeof session !== "string") throw new TypeError("`load` needs a session id (a string)");
    const { needs } = this.parts.module;
    const events: SessionEvent[] = [];
    for (const entry of state.history ?? []) {
      const id = this.parts.nextId();
      const call = callEvent(needs, id, entry.tool, entry.args, entry.time);
      if (call) events.push(call, ...outputEvents(needs, id, entry.tool, entry.output, []));
    }
    for (const content of state.contents ?? []) {
      const event = contentEvent(needs, content.text, checkLabels({ labels: content.labels }));
      if (event) events.push(event);
    }
    return write(session, events, () => reportLost(events));
  }

  /**
   * How `method` appends events and then does `after`: at once to a synchronous store (found first, so with an
   * asynchronous one `method` throws before anything is settled), or awaiting any store.
   */
  private writer(method: string, synchronous: boolean): (session: string, events: readonly SessionEvent[], after: () => void) => void | Promise<void> {
    const { store, config, clock } = this.parts;
    if (synchronous) {
      const target = this.parts.syncStore(method);
      return (session, events, after) => {
        target.append(config, session, clock?.(), events);
        after();
      };
    }
    return async (session, events, after) => {
      await store.append(config, session, clock?.(), events);
      after();
    };
  }

  /** Logs a void the store made; a failing log is thrown, saying the call was voided all the same. */
  private voidLogged(decision: Decision, session: string): void {
    try {
      this.parts.log?.append({ event: "void", decisionId: decision.id, tool: decision.tool!, session });
    } catch (error) {
      throw new Error(`decision \`${decision.id}\` was voided, but the decision log failed: ${describe(error)}`, { cause: error });
    }
  }
}
