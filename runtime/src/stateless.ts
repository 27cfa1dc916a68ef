// The `@apol/runtime/stateless` entry: an enforcer for policies that read no session and hold no review, whose bundle ships no store, review desk or session state, and no log or redaction unless the app passes them.
export {
  createStatelessEnforcer,
  logTo,
  redaction,
  type Redaction,
  type StatelessEnforcer,
  type StatelessLog,
  type StatelessOptions,
} from "./enforcer/stateless.js";
export type { Decision, PolicyModule, Request } from "./contract.js";
export type { RequestOf } from "./enforcer/enforcer.js";
export type { Redacted } from "./log/redact.js";
export type { ArgumentMasks, DecisionSink, InvalidArgs, LogEntry } from "./log/decision-log.js";
