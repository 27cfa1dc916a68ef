// Diagnostics printed for machines: JSON, GitHub Actions workflow annotations and SARIF 2.1.0 for code-scanning tools.
import { isAbsolute, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { codes, type JsonDiagnostic } from "@apol/compiler";

/** The ways `check` and `lint` print diagnostics. */
export const diagnosticFormats = ["text", "json", "github", "sarif"] as const;
export type DiagnosticFormat = (typeof diagnosticFormats)[number];

/** Where the formats are described, for the SARIF driver and the docs. */
const INFORMATION_URI = "https://github.com/apol-lang/apol/blob/HEAD/docs/language.md#12-diagnostics";

/** Results that are not the compiler's diagnostics, with their rule descriptions: `apol test`'s failed steps. */
const otherRules: Readonly<Record<string, string>> = { "apol/test-failed": "a test step decided otherwise than its `expect` states" };

/** The whole output of a machine format for `found`, the diagnostics of every file read, in order. */
export function formatDiagnostics(format: Exclude<DiagnosticFormat, "text">, found: readonly JsonDiagnostic[]): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(found, null, 2)}\n`;
    case "github":
      return found.map((d) => `${githubAnnotation(d)}\n`).join("");
    case "sarif":
      return `${JSON.stringify(sarif(found), null, 2)}\n`;
  }
}

/**
 * One workflow command (`::error file=...::message`), which GitHub shows on the pull request's diff. Messages and
 * file names are policy text: escaped as the runner requires, so a newline or `::` in them cannot start another command.
 */
function githubAnnotation(d: JsonDiagnostic): string {
  const level = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
  const { start, end } = d.range;
  const text = d.help === null ? d.message : `${d.message}\n${d.help}`;
  return workflowCommand(level, { file: d.file, line: start.line, col: start.column, endLine: end.line, endColumn: end.column, title: d.code }, text);
}

/** A GitHub Actions workflow command (`::error file=F,line=L::message`), its properties and message escaped as the runner requires. */
export function workflowCommand(level: "error" | "warning" | "notice", properties: Readonly<Record<string, string | number>>, message: string): string {
  const list = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${level} ${list.join(",")}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A file as SARIF names artifacts: a URI, relative to where apol ran when the path was relative. */
function artifact(file: string): { readonly uri: string } {
  return { uri: isAbsolute(file) ? pathToFileURL(file).href : encodeURI(file.split(sep).join("/")) };
}

function region(range: JsonDiagnostic["range"]): SarifRegion {
  return { startLine: range.start.line, startColumn: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

/** A SARIF 2.1.0 log with one run: the rules are the catalogue's codes that occur, the results every diagnostic, fixes included. */
function sarif(found: readonly JsonDiagnostic[]): object {
  const ruleIds = [...new Set(found.map((d) => d.code))].sort();
  const catalogue: Readonly<Record<string, { readonly description: string }>> = codes;
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "apol",
            informationUri: INFORMATION_URI,
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: catalogue[id]?.description ?? otherRules[id] ?? id } })),
          },
        },
        // Columns count UTF-16 code units, as apol's JSON does and SARIF assumes by default.
        columnKind: "utf16CodeUnits",
        results: found.map((d) => ({
          ruleId: d.code,
          ruleIndex: ruleIds.indexOf(d.code),
          level: d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "note",
          message: { text: d.help === null ? d.message : `${d.message} (${d.help})` },
          locations: [{ physicalLocation: { artifactLocation: artifact(d.file), region: region(d.range) } }],
          ...(d.related === undefined
            ? {}
            : {
                relatedLocations: d.related.map((r, id) => ({
                  id,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: artifact(d.file), region: region(r.range) },
                })),
              }),
          ...(d.fix === undefined
            ? {}
            : {
                fixes: [
                  {
                    description: { text: d.fix.title },
                    artifactChanges: [
                      {
                        artifactLocation: artifact(d.file),
                        replacements: d.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
                      },
                    ],
                  },
                ],
              }),
        })),
      },
    ],
  };
}
