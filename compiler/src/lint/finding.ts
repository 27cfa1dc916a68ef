// What a lint reports: a warning, and the rule it proves can never decide or the tool it proves is always denied, if it proves that.
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** One lint finding. */
export interface Finding {
  readonly diagnostic: Diagnostic;
  /** The rule the finding proves is never the deciding rule of any call, when it proves that. */
  readonly neverDecides?: string;
  /** The tool the finding proves no call to is ever allowed or held for review, when it proves that. */
  readonly deadTool?: string;
}
