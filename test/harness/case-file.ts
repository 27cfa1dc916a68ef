// Loads and validates one corpus case file (`test/cases/<topic>/<name>.yaml`); every error says how to fix the file.
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { codes, type Code } from "../../compiler/src/diagnostics/codes.js";
import type { Severity } from "../../compiler/src/diagnostics/diagnostic.js";
import { suggest } from "../../compiler/src/diagnostics/suggest.js";
import { LineIndex } from "../../compiler/src/source/span.js";
import type { At, ExpectedDiagnostic } from "./observed.js";

/** One corpus case as loaded from its file. */
export interface Case {
  readonly note: string;
  /**
   * Set while the compiler is known to be wrong here: says what is wrong, and `diagnostics` holds
   * what the output should be. The runner expects such a case to fail and skips it in update mode.
   */
  readonly pending?: string;
  readonly source: string;
  /** As written; absent means `true`: `diagnostics` lists every diagnostic. */
  readonly exhaustive?: boolean;
  /** Absent only in update mode, for a new case whose expectations are still to be generated. */
  readonly diagnostics?: readonly ExpectedDiagnostic[];
}

/** Whether a case's expectations are all of its diagnostics. */
export function isExhaustive(c: Case): boolean {
  return c.exhaustive ?? true;
}

/** The result of loading a case: the case, or every problem found in the file. */
export type LoadResult = { readonly ok: true; readonly case: Case } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * `check` validates everything. `update` is lenient where update mode rewrites anyway: a missing
 * `diagnostics` is allowed, and the expectations of an exhaustive case are not validated at all, so
 * a case whose source was edited (and whose positions are stale) can be regenerated.
 */
export type LoadMode = "check" | "update";

const caseKeys = ["note", "pending", "source", "exhaustive", "diagnostics"] as const;
const diagnosticKeys = ["code", "severity", "underlined", "at", "message", "help", "fixed"] as const;
const atKeys = ["line", "column", "length"] as const;
const updateHint = "or run `npm run test:update` to regenerate the expectations";

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Plain, allowed: readonly string[], where: string, errors: string[]): void {
  for (const key of Object.keys(value)) {
    if ((allowed as readonly string[]).includes(key)) continue;
    const close = suggest(key, allowed);
    errors.push(`${where}: unknown key \`${key}\`: ${close ? `did you mean \`${close}\`?` : `the keys are ${allowed.map((k) => `\`${k}\``).join(", ")}`}`);
  }
}

/** Parses and validates a case file's text; `file` only names it in messages. */
export function parseCase(text: string, file: string, mode: LoadMode = "check"): LoadResult {
  const errors: string[] = [];
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => `${file}: invalid YAML: ${e.message}`) };
  const root: unknown = doc.toJS();
  if (!isPlain(root)) return { ok: false, errors: [`${file}: a case is a mapping with \`note\`, \`source\` and \`diagnostics\``] };
  unknownKeys(root, caseKeys, file, errors);

  const note = root["note"];
  if (typeof note !== "string" || note.trim() === "") errors.push(`${file}: \`note\` is required: one sentence saying what this case shows`);
  const pending = root["pending"];
  if (pending !== undefined && (typeof pending !== "string" || pending.trim() === "")) {
    errors.push(`${file}: \`pending\` says what the compiler gets wrong here; remove the key once it is fixed`);
  }
  const source = root["source"];
  if (typeof source !== "string") errors.push(`${file}: \`source\` is required: the apol text, as a block scalar (\`source: |\`)`);
  const exhaustive = root["exhaustive"];
  if (exhaustive !== undefined && typeof exhaustive !== "boolean") {
    errors.push(`${file}: \`exhaustive\` must be \`true\` (the default: these are all the diagnostics) or \`false\``);
  }
  const exhaustiveCase = exhaustive !== false;
  const raw = root["diagnostics"];
  let diagnostics: ExpectedDiagnostic[] | undefined;
  if (raw === undefined || raw === null) {
    if (mode === "check") errors.push(`${file}: \`diagnostics\` is required: write \`diagnostics: []\` for a clean case, ${updateHint}`);
  } else if (!Array.isArray(raw)) {
    errors.push(`${file}: \`diagnostics\` must be a list (\`- code: ...\` items), or \`[]\` for a clean case`);
  } else if (mode === "check" || !exhaustiveCase) {
    const lines = typeof source === "string" ? new LineIndex(source) : undefined;
    diagnostics = raw.flatMap((item, i) => {
      const checked = validateDiagnostic(item, `${file}: diagnostics[${i}]`, mode === "check" ? lines : undefined, errors);
      return checked ? [checked] : [];
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    case: {
      note: note as string,
      ...(pending !== undefined ? { pending: pending as string } : {}),
      source: source as string,
      ...(exhaustive !== undefined ? { exhaustive: exhaustive as boolean } : {}),
      ...(diagnostics !== undefined ? { diagnostics } : {}),
    },
  };
}

/** Reads and validates a case file. */
export function loadCase(path: string, mode: LoadMode = "check"): LoadResult {
  return parseCase(readFileSync(path, "utf8"), path, mode);
}

/** Validates one expectation; `lines` (absent in update mode) also checks `underlined` against the source. */
function validateDiagnostic(item: unknown, where: string, lines: LineIndex | undefined, errors: string[]): ExpectedDiagnostic | undefined {
  if (!isPlain(item)) {
    errors.push(`${where}: each diagnostic is a mapping with at least \`code\`, \`underlined\` and \`message\``);
    return undefined;
  }
  const before = errors.length;
  unknownKeys(item, diagnosticKeys, where, errors);
  const code = item["code"];
  let severity: Severity | undefined;
  if (typeof code !== "string") errors.push(`${where}: \`code\` is required, e.g. \`code: apol/unknown-tool\``);
  else if (!(code in codes)) {
    const close = suggest(code, Object.keys(codes));
    errors.push(`${where}: \`${code}\` is not in the catalogue (compiler/src/diagnostics/codes.ts)${close ? `: did you mean \`${close}\`?` : ""}`);
  } else severity = codes[code as Code].severity;
  const writtenSeverity = item["severity"];
  if (writtenSeverity !== undefined && severity !== undefined && writtenSeverity !== severity) {
    errors.push(
      `${where}: \`${code as string}\` is always a${severity === "error" ? "n" : ""} \`${severity}\`: write \`severity: ${severity}\` or leave it out`,
    );
  }
  for (const key of ["underlined", "message"] as const) {
    if (typeof item[key] !== "string") errors.push(`${where}: \`${key}\` is required and must be a string`);
  }
  for (const key of ["help", "fixed"] as const) {
    if (item[key] !== undefined && typeof item[key] !== "string") errors.push(`${where}: \`${key}\` must be a string (leave it out when there is none)`);
  }
  const at = item["at"] === undefined ? undefined : validateAt(item["at"], where, errors);
  const underlined = item["underlined"];
  if (typeof underlined === "string" && lines) checkUnderlined(underlined, at, lines, where, errors);
  if (errors.length > before || severity === undefined) return undefined;
  return {
    code: code as Code,
    severity,
    underlined: underlined as string,
    ...(at ? { at } : {}),
    message: item["message"] as string,
    ...(typeof item["help"] === "string" ? { help: item["help"] } : {}),
    ...(typeof item["fixed"] === "string" ? { fixed: item["fixed"] } : {}),
  };
}

function validateAt(value: unknown, where: string, errors: string[]): At | undefined {
  if (!isPlain(value)) {
    errors.push(`${where}.at: write \`at: { line: L, column: C, length: N }\` (1-based line and column)`);
    return undefined;
  }
  unknownKeys(value, atKeys, `${where}.at`, errors);
  const { line, column, length } = value;
  const positive = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 1;
  let ok = true;
  if (!positive(line) || !positive(column)) {
    errors.push(`${where}.at: \`line\` and \`column\` are required whole numbers from 1`);
    ok = false;
  }
  if (length !== undefined && !(typeof length === "number" && Number.isInteger(length) && length >= 0)) {
    errors.push(`${where}.at: \`length\` is a whole number of UTF-16 code units (0 for an empty span)`);
    ok = false;
  }
  return ok ? { line: line as number, column: column as number, ...(length !== undefined ? { length: length as number } : {}) } : undefined;
}

/** `underlined` must be the source text at `at` (or, without `at`, occur somewhere in the source). */
function checkUnderlined(underlined: string, at: At | undefined, lines: LineIndex, where: string, errors: string[]): void {
  const source = lines.text;
  const shown = JSON.stringify(underlined);
  if (!at) {
    if (underlined === "") errors.push(`${where}: an empty \`underlined\` needs \`at\` to say where the span is, ${updateHint}`);
    else if (!source.includes(underlined)) errors.push(`${where}: \`underlined\` ${shown} does not occur in the source; copy the exact text, ${updateHint}`);
    return;
  }
  if (at.length !== undefined && at.length !== underlined.length) {
    errors.push(`${where}: \`at.length\` is ${at.length} but \`underlined\` ${shown} is ${underlined.length} code units long; fix one of them, ${updateHint}`);
    return;
  }
  const offset = lines.offset(at);
  const back = lines.position(offset);
  if (back.line !== at.line || back.column !== at.column) {
    const extent = at.line > lines.lineCount ? `it has ${lines.lineCount} lines` : `line ${at.line} ends at column ${lines.lineText(at.line).length + 1}`;
    errors.push(`${where}: \`at\` ${at.line}:${at.column} is outside the source (${extent}); fix the position, ${updateHint}`);
    return;
  }
  const found = source.slice(offset, offset + underlined.length);
  if (found !== underlined) {
    errors.push(
      `${where}: \`underlined\` ${shown} is not the source text at ${at.line}:${at.column}, which reads ${JSON.stringify(found)}; fix the text or the position, ${updateHint}`,
    );
  }
}
