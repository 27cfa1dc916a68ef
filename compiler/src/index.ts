// The public API of @apol/compiler: everything else is internal.
export type * as Ast from "./ast/ast.js";
export type { Diagnostic, Fix, Related, Severity, TextEdit } from "./diagnostics/diagnostic.js";
export { codes, allCodes, type Code } from "./diagnostics/codes.js";
export { parse, type ParseResult } from "./syntax/parse.js";
export { runPipeline, stageNames, type StageName, type PipelineResult } from "./pipeline.js";
export { LineIndex, type Span, type LineColumn } from "./source/span.js";
export { suggest } from "./diagnostics/suggest.js";
