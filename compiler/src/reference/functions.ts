// The reference implementations of the built-in functions of values, written from docs/semantics.md; `builtins.ts` names each one beside its signature.
import { domainOf, hostOf } from "./addresses.js";
import { list, str } from "./operands.js";

export const lower = (s: unknown): string => str(s).toLowerCase();
export const upper = (s: unknown): string => str(s).toUpperCase();
export const len = (x: unknown): number => (typeof x === "string" ? [...x].length : list(x).length);
export const domain = (email: unknown): string => domainOf(str(email));
export const host = (url: unknown): string => hostOf(str(url));
