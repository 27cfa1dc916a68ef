// Indexes a session written out as plain lists, for hosts that keep their own state and for tests that compare with the reference.
import type { EvaluationState, SessionView, StateNeeds } from "../contract.js";
import { OTHER_THAN_UNTRUSTED } from "../provenance/content-index.js";
import { callEvent, contentEvent, Session } from "./session.js";

/** Needs that keep everything in `state`: every call whole, with its output, and every label. */
function keepAll(state: EvaluationState): StateNeeds {
  const history = Object.fromEntries((state.history ?? []).map((e) => [e.tool, { windowMs: Infinity, args: true as const, output: true }]));
  return { history, labels: [...new Set((state.contents ?? []).flatMap((c) => c.labels)), OTHER_THAN_UNTRUSTED], reads: {} };
}

/**
 * The view `evaluate` reads of `state`, indexed as a store would index it: calls
 * and content the policy's `needs` do not ask for are left out (all is kept
 * without `needs`). Nothing is pruned: the state is evaluated as given.
 */
export function indexState(state: EvaluationState, needs: StateNeeds = keepAll(state)): SessionView {
  const session = new Session(needs, false);
  (state.history ?? []).forEach((entry, i) => {
    const id = `h${i}`;
    const call = callEvent(needs, id, entry.tool, entry.args, entry.time);
    if (!call) return;
    session.apply(call);
    if (entry.output !== undefined) session.apply({ kind: "output", id, output: entry.output });
  });
  for (const content of state.contents ?? []) {
    const event = contentEvent(needs, content.text, content.labels);
    if (event) session.apply(event);
  }
  return session.view(state.now);
}
