// The public API of @apol/runtime: wrap a compiled policy module and decide tool calls; the helpers it imports live in `./ops`.
export { createEnforcer, loadPolicy, type ContentOptions, type Enforcer, type EnforcerOptions, type RequestOf } from "./enforcer.js";
export { guard, type GuardCall, type GuardResult, type ReviewWait, type AbortSignalLike } from "./guard.js";
export { answerCall, callRequest, type ModelCall, type Refusal, type ToolCaller } from "./tool-answer.js";
export { needsReview, openReview, rejectReview, type ProposedCall } from "./sdk-approval.js";
export { faultReason, type FaultKind } from "./fault.js";
export { schemaDrift, toolsDrift, type JsonSchema } from "./schema-drift.js";
export { MemoryStore, type MemoryStoreOptions } from "./memory-store.js";
export { indexState } from "./snapshot.js";
export { EACH, REDACTED, redactPaths, type Redacted, type RedactStep } from "./redact.js";
export { approvalMessage, type Approval, type Approvers } from "./approval.js";
export { callDigest, reviewKey } from "./review-desk.js";
export { parseRecord, statusAt, type Approved, type ReviewRecord, type ReviewState, type ReviewStatus } from "./review.js";
export type { ArgumentMasks, DecisionSink, InvalidArgs, LogEntry } from "./decision-log.js";
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
export type { SessionLimits } from "./session.js";
export type { AsyncSessionStore, SessionStore, SyncSessionStore } from "./store.js";
// The normal form and the parts of text provenance compares: the reference evaluator defines its relations over them.
export { addressIn, boundary, destination, identifiers, normalize, percentDecoded, RUN_WORDS, skeleton, unicodeForms, words } from "./text.js";
export { OTHER_THAN_UNTRUSTED } from "./content-index.js";
