// The engines the decision benchmark compares, by the name the child process is given.
import { apol, apolEvaluate } from "./apol.js";
import { casbin } from "./casbin.js";
import { cedar, cedarPreparsed } from "./cedar.js";
import { cel } from "./cel.js";
import type { Engine } from "./engine.js";
import { handwritten } from "./handwritten.js";

/** Every engine by key; the hand-written baseline is `handwritten`. */
export const engines = {
  handwritten,
  apol,
  "apol-evaluate": apolEvaluate,
  cel,
  casbin,
  "cedar-preparsed": cedarPreparsed,
  cedar,
} as const satisfies Record<string, Engine>;

/** The name a child process is given to pick its engine. */
export type EngineKey = keyof typeof engines;

/** The order the peer comparison runs them in (one child process each); the baseline comes first, and the others are verified against it. */
export const engineOrder: readonly EngineKey[] = ["handwritten", "apol", "apol-evaluate", "cel", "casbin", "cedar-preparsed", "cedar"];
