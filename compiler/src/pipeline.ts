// THE compiler pipeline: one ordered table of pure stages and the loop that runs them.
import type { Policy } from "./ast/ast.js";
import { check, type Checked } from "./check/check.js";
import { resolve, type Resolved } from "./check/resolve.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { emit, type Emitted } from "./emit/emit.js";
import type { DecisionTree } from "./ir/decision-tree.js";
import { lower } from "./ir/lower.js";
import { optimize } from "./optimize/passes.js";
import { parse } from "./syntax/parse.js";

/** Options that change what stages produce. */
export interface PipelineOptions {
  /** Run the optimizer's passes (default true); off, `optimize` passes the tree through unchanged. */
  readonly optimize?: boolean;
  /** The module specifier generated code imports its helpers from (default `@apol/runtime/ops`). */
  readonly runtimeImport?: string;
  /** The longest source text parsed (default `maxSourceLength`, 1 MiB); a batch compile of a larger generated policy raises it. */
  readonly maxSourceLength?: number;
}

/** What every stage sees besides its input. */
interface StageContext {
  /** The file name used in diagnostics and generated code. */
  readonly file: string;
  /** The source text. */
  readonly text: string;
  readonly options: PipelineOptions;
}

/** A stage's result: its output and the diagnostics it found. */
interface StageResult<T> {
  readonly output: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** The parse stage's output. */
interface Parsed {
  readonly ast: Policy;
}

/**
 * The stages in order. Each is `(input, context) => { output, diagnostics }`, never
 * mutates its input, and lives in its own folder. `needsValidInput` stages run only
 * when no earlier stage reported an error.
 */
const stages = [
  {
    name: "parse",
    needsValidInput: false,
    run: (_input: undefined, ctx: StageContext): StageResult<Parsed> => {
      const result = parse(ctx.text, ctx.options.maxSourceLength);
      return { output: { ast: result.ast }, diagnostics: result.diagnostics };
    },
  },
  {
    // Runs even after syntax errors: the AST covers what parsed, and the editor wants its errors too.
    name: "resolve",
    needsValidInput: false,
    run: (input: Parsed): StageResult<Resolved> => resolve(input.ast),
  },
  {
    // Needs `resolve`'s symbol table: every name in a rule is looked up there.
    name: "check",
    needsValidInput: false,
    run: (input: Resolved): StageResult<Checked> => check(input),
  },
  {
    // Needs resolved names and checked types: it trusts every path's meaning and every expression's type.
    name: "lower",
    needsValidInput: true,
    run: (input: Checked): StageResult<DecisionTree> => lower(input),
  },
  {
    name: "optimize",
    needsValidInput: true,
    run: (input: DecisionTree, ctx: StageContext): StageResult<DecisionTree> =>
      ctx.options.optimize === false ? { output: input, diagnostics: [] } : optimize(input),
  },
  {
    name: "emit",
    needsValidInput: true,
    run: (input: DecisionTree, ctx: StageContext): StageResult<Emitted> =>
      emit(input, ctx.text, ctx.file, ctx.options.runtimeImport === undefined ? {} : { runtimeImport: ctx.options.runtimeImport }),
  },
] as const;

/** A stage's name, taken from the table (the CLI, the golden corpus and timings use these). */
export type StageName = (typeof stages)[number]["name"];

/** Every stage name, in pipeline order. */
export const stageNames: readonly StageName[] = stages.map((s) => s.name);

/** The outputs of every stage that ran, by name, plus all diagnostics sorted by position. */
export interface PipelineResult {
  readonly outputs: {
    readonly parse?: Parsed;
    readonly resolve?: Resolved;
    readonly check?: Checked;
    readonly lower?: DecisionTree;
    readonly optimize?: DecisionTree;
    readonly emit?: Emitted;
  };
  readonly diagnostics: readonly Diagnostic[];
}

/** Runs the stages up to and including `until` (default: all), stopping before a stage that needs valid input it lacks. */
export function runPipeline(text: string, file: string, until: StageName = "emit", options: PipelineOptions = {}): PipelineResult {
  const ctx: StageContext = { file, text, options };
  const outputs: Record<string, unknown> = {};
  const diagnostics: Diagnostic[] = [];
  let input: unknown = undefined;
  for (const stage of stages) {
    if (stage.needsValidInput && hasErrors(diagnostics)) break;
    const result = (stage.run as (i: unknown, c: StageContext) => StageResult<unknown>)(input, ctx);
    outputs[stage.name] = result.output;
    // A loop, not `push(...spread)`: a file of stray characters yields more diagnostics than a call takes arguments.
    for (const d of result.diagnostics) diagnostics.push(d);
    input = result.output;
    if (stage.name === until) break;
  }
  return { outputs, diagnostics: sortDiagnostics(diagnostics) };
}
