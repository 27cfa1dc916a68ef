// The helpers generated policy modules call (`import * as ops from "@apol/runtime/ops"`): one function per built-in.
export { Fault, faultKind } from "./fault.js";
export { field, present, conform, typed, eq, includes, contains } from "./values.js";
export { glob } from "./glob.js";
export { regex, type Regex, type RegexProgram } from "./regex.js";
export * from "./functions.js";
export { timeParts } from "./time.js";
export { count, sum } from "./history.js";
export { callOnly } from "./history-index.js";
export { exposed, from, tainted } from "./provenance.js";
export { redactPaths } from "./redact.js";
