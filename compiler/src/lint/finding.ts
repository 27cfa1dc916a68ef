// What a lint reports: a warning, and the rule it proves can never decide, if it proves that.
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** One lint finding. */
export interface Finding {
  readonly diagnostic: Diagnostic;
  /** The rule the finding proves is never the deciding rule of any call, when it proves that. */
  readonly neverDecides?: string;
}
