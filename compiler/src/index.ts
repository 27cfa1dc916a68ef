// The public API of @apol/compiler: everything else is internal.
export type * as Ast from "./ast/ast.js";
export { hasErrors, type Diagnostic, type Fix, type Related, type Severity, type TextEdit } from "./diagnostics/diagnostic.js";
// The `apol` CLI (@apol/cli) renders, lints, prints stages and runs tests through these.
export { diagnosticToJson, renderDiagnostic, renderSource, type JsonDiagnostic } from "./diagnostics/render.js";
export { lintSource } from "./lint/lint-source.js";
export { stagePrinters } from "./stage-printers.js";
export { jsonReport, junitReport, stepActual, stepExpected, stepSpan, textReport, totals, type PolicyTests } from "./testing/report.js";
export { codes, allCodes, type Code } from "./diagnostics/codes.js";
export { sortDiagnostics } from "./diagnostics/diagnostic.js";
export { applyFixes } from "./diagnostics/apply-fixes.js";
export { parse, type ParseResult } from "./syntax/parse.js";
export { runPipeline, stageNames, type StageName, type PipelineOptions, type PipelineResult } from "./pipeline.js";
export { LineIndex, type Span, type LineColumn } from "./source/span.js";
export { suggest } from "./diagnostics/suggest.js";
// The language server (lsp/) adapts these: the formatter, the checker's symbols and references, the built-ins table, the lexer and the parser's content assist.
export { format, type FormatResult } from "./format/format.js";
export { print } from "./format/print.js";
export { check, type Checked, type CheckOptions } from "./check/check.js";
export { RuleChecks } from "./check/rule-checks.js";
export { ReadThroughMap } from "./check/read-through-map.js";
export { resolve, type Resolved } from "./check/resolve.js";
export type { CheckedRule } from "./check/rules.js";
export type { PathMeaning } from "./check/context.js";
export { enumMembers } from "./check/symbols.js";
export { tierMatches } from "./check/targets.js";
export type {
  ConstSymbol,
  ConstValue,
  EnumSymbol,
  FieldSymbol,
  ParamSymbol,
  PredicateSymbol,
  Reference,
  ShapeSymbol,
  SymbolRef,
  Symbols,
  ToolSymbol,
} from "./check/symbols.js";
export { predicateSignature } from "./check/symbols.js";
export { typeToString, weekdayEnum, type FieldType, type Type } from "./check/types.js";
export { builtinFunctions, nowFields, operatorDocs, specialForms, toolFields, type BuiltinFunction, type BuiltinParam } from "./check/builtins.js";
export { approveWord, uncheckedWord, keywordSpecs, type KeywordRole } from "./syntax/tokens.js";
export { spellToolName, toolNameProblem } from "./syntax/tool-names.js";
export { lex, type LexResult } from "./syntax/lex.js";
export { maxDepth, maxNesting, maxSourceLength } from "./syntax/limits.js";
export { limitNesting } from "./syntax/nesting.js";
export { parser } from "./syntax/parser.js";
// The language server and editors lint a checked policy and run its tests as `apol lint` and `apol test` do.
export { lint } from "./lint/lint.js";
export type { Finding } from "./lint/finding.js";
export { compileAndImport, type CompileAndImportResult } from "./compile-and-import.js";
export { runSourceTests, runTests, type DecisionStep, type OutputStep, type StepOutcome, type TestOutcome, type TestRun } from "./testing/run-tests.js";
export { combineSources, policyPathOf, splitDiagnostics, testPathOf, type CombinedSource } from "./testing/test-file.js";
export { approveByNames, statedApprovers } from "./testing/stated-approvals.js";
// `apol eval --explain`: a decision rule by rule, each condition part's value by the reference evaluator.
export { explainRules, type ConditionPart, type PartValue, type RuleExplanation } from "./reference/explain.js";
export { toolJsonSchemas, jsonSchemaOf } from "./emit/json-schema.js";
// The editor-query layer: the language server asks these instead of re-deriving what the checker knows.
export { isExpr, pathTo, walk, type Node } from "./ast/walk.js";
export { membersAt, type Member } from "./ide/members.js";
export { expectedTypeAt, labelExpectedAt } from "./ide/expected.js";
export { scopeAt, type ScopeAt } from "./ide/scope.js";
export { toolsCovered } from "./ide/targets.js";
export { builtinLabels, builtinTypeNames, itFields, labelsOf, operatorTokenNames, pathRoots, shapeKinds, type PathRoot } from "./ide/tables.js";
