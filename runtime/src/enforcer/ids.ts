// Decision ids: an enforcer's prefix and a counter, so a decision handed back (to `record`, `redact`) can be told to be its own.

/** The prefix of one enforcer's decision ids (`idPrefix`, default six random characters and `-`) and a maker of fresh ones. */
export function decisionIds(idPrefix: string | undefined): { readonly prefix: string; readonly nextId: () => string } {
  const prefix = idPrefix ?? `${Math.random().toString(36).slice(2, 8).padEnd(6, "0")}-`;
  let counter = 0;
  return { prefix, nextId: () => `${prefix}${++counter}` };
}
