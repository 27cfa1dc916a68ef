// The public API of @apol/runtime: wrap a compiled policy module and decide tool calls; the helpers it imports live in `./ops`.
export { createEnforcer, loadPolicy, type Enforcer, type EnforcerOptions, type Session } from "./enforcer.js";
export type {
  Decision,
  Effect,
  EvaluationState,
  HistoryEntry,
  LabelledContent,
  Outcome,
  PolicyModule,
  Request,
  ReservedRule,
  RuleInfo,
  SchemaField,
  SchemaType,
  ToolSchema,
} from "./contract.js";
