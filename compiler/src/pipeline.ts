// THE compiler pipeline: one ordered table of pure stages and the loop that runs them.
import type { Policy } from "./ast/ast.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { check, type Checked } from "./check/check.js";
import { resolve, type Resolved } from "./check/resolve.js";
import { parse } from "./syntax/parse.js";

/** What every stage sees besides its input. */
export interface StageContext {
  /** The file name used in diagnostics and generated code. */
  readonly file: string;
  /** The source text. */
  readonly text: string;
}

/** A stage's result: its output and the diagnostics it found. */
export interface StageResult<T> {
  readonly output: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** The parse stage's output. */
export interface Parsed {
  readonly ast: Policy;
}

/**
 * The stages in order. Each is `(input, context) => { output, diagnostics }`, never
 * mutates its input, and lives in its own folder.
 */
export const stages = [
  {
    name: "parse",
    run: (_input: undefined, ctx: StageContext): StageResult<Parsed> => {
      const result = parse(ctx.text);
      return { output: { ast: result.ast }, diagnostics: result.diagnostics };
    },
  },
  {
    // Runs even after syntax errors: the AST covers what parsed, and the editor wants its errors too.
    name: "resolve",
    run: (input: Parsed): StageResult<Resolved> => resolve(input.ast),
  },
  {
    // Needs `resolve`'s symbol table: every name in a rule is looked up there.
    name: "check",
    run: (input: Resolved): StageResult<Checked> => check(input),
  },
] as const;

/** A stage's name, taken from the table (the CLI, the golden corpus and timings use these). */
export type StageName = (typeof stages)[number]["name"];

/** Every stage name, in pipeline order. */
export const stageNames: readonly StageName[] = stages.map((s) => s.name);

/** The outputs of every stage that ran, by name, plus all diagnostics sorted by position. */
export interface PipelineResult {
  readonly outputs: Partial<Record<StageName, unknown>>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Runs the stages up to and including `until`; stops early after a stage that reports errors it cannot pass on. */
export function runPipeline(text: string, file: string, until: StageName = stageNames[stageNames.length - 1] as StageName): PipelineResult {
  const ctx: StageContext = { file, text };
  const outputs: Partial<Record<StageName, unknown>> = {};
  const diagnostics: Diagnostic[] = [];
  let input: unknown = undefined;
  for (const stage of stages) {
    const result = (stage.run as (i: unknown, c: StageContext) => StageResult<unknown>)(input, ctx);
    outputs[stage.name] = result.output;
    diagnostics.push(...result.diagnostics);
    input = result.output;
    if (stage.name === until) break;
  }
  return { outputs, diagnostics: sortDiagnostics(diagnostics) };
}
