// The public API of @apol/runtime: wrap a compiled policy module and decide tool calls; the helpers it imports live in `./ops`.
export { createEnforcer, importEnforcer, type ContentOptions, type Enforcer, type EnforcerOptions, type RequestOf } from "./enforcer/enforcer.js";
export { guard, type GuardCall, type GuardResult, type ReviewWait, type AbortSignalLike } from "./host/guard.js";
export { answerCall, callRequest, type ModelCall, type Refusal, type ToolCaller } from "./host/tool-answer.js";
export { needsReview, openReview, rejectReview, type ProposedCall } from "./host/sdk-approval.js";
export { faultReason, type FaultKind } from "./evaluate/fault.js";
export { schemaDrift, toolsDrift, type JsonSchema } from "./host/schema-drift.js";
export { MemoryStore, type MemoryStoreOptions } from "./store/memory-store.js";
export { indexState } from "./session/snapshot.js";
export { EACH, REDACTED, redactPaths, type Redacted, type RedactStep } from "./log/redact.js";
export { approvalMessage, type Approval, type Approvers } from "./review/approval.js";
export { callDigest, reviewKey } from "./review/desk.js";
export { parseRecord, statusAt, type Approved, type ReviewRecord, type ReviewState, type ReviewStatus } from "./review/review.js";
export type { ArgumentMasks, DecisionSink, InvalidArgs, LogEntry } from "./log/decision-log.js";
export type {
  ContentIndex,
  Decision,
  Effect,
  EvaluationState,
  HistoryEntry,
  HistoryIndex,
  HistoryNeed,
  LabelledContent,
  Outcome,
  PolicyModule,
  Request,
  ReservedRule,
  RuleInfo,
  SchemaField,
  SchemaType,
  SessionView,
  StateNeeds,
  ToolSchema,
  Where,
} from "./contract.js";
export type { SessionLimits } from "./session/session.js";
export type { AsyncSessionStore, SessionStore, SyncSessionStore } from "./store/store.js";
// The normal form and the parts of text provenance compares: the reference evaluator defines its relations over them.
export { addressIn, boundary, destination, identifiers, normalize, percentDecoded, RUN_WORDS, skeleton, unicodeForms, words } from "./provenance/text.js";
export { OTHER_THAN_UNTRUSTED } from "./provenance/content-index.js";
