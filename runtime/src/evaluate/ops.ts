// The helpers generated policy modules call (`import * as ops from "@apol/runtime/ops"`): one function per built-in.
export { Fault, faultKind } from "./fault.js";
export { field, present, conform, typed, eq, includes, contains } from "./value-semantics.js";
export { glob } from "./glob.js";
export { regex, type Regex, type RegexProgram } from "./regex.js";
export * from "./functions.js";
export { timeParts } from "./time.js";
export { count, sum } from "../session/history.js";
export { callOnly } from "../session/history-index.js";
export { exposed, from, tainted } from "../provenance/provenance.js";
export { redactPaths } from "../log/redact.js";
