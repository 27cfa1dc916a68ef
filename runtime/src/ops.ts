// The helpers generated policy modules call (`import * as ops from "@apol/runtime/ops"`): one function per built-in.
export { Fault, faultKind } from "./evaluate/fault.js";
export { field, present, conform, typed, eq, includes, contains } from "./evaluate/value-semantics.js";
export { glob } from "./evaluate/glob.js";
export { regex, type Regex, type RegexProgram } from "./evaluate/regex.js";
export * from "./evaluate/functions.js";
export { timeParts } from "./evaluate/time.js";
export { count, sum } from "./session/history.js";
export { callOnly } from "./session/history-index.js";
export { exposed, from, tainted } from "./provenance/provenance.js";
export { redactPaths } from "./log/redact.js";
