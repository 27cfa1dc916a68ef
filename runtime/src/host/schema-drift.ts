// Where an agent SDK's tool schema disagrees with the policy's: the check that keeps tool definitions derived, not written twice.

/** A JSON Schema (draft 2020-12 subset): the parts a policy's declared types map to (`apol compile --schemas`). */
export interface JsonSchema {
  readonly type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly items?: JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: false;
  /** A union type's members: a value of any of them. */
  readonly anyOf?: readonly JsonSchema[];
}

/** At most this many levels are compared: a deeper (or cyclic) SDK schema is reported, not followed. */
const MAX_DEPTH = 32;

/**
 * Every disagreement between the policy's schema of a tool's arguments and the schema an SDK tool declares, as
 * short messages naming the path (`args.amount`): a type or enum that differs, a property only one side has, a
 * property the policy requires that the tool leaves optional (a model could omit it, and the call would be refused).
 * Descriptions are not compared. Empty when they agree; never throws, whatever `tool` is.
 */
export function schemaDrift(policy: JsonSchema, tool: unknown, path = "args"): string[] {
  const problems: string[] = [];
  compare(policy, tool, path, problems, 0);
  return problems;
}

function compare(policy: JsonSchema, tool: unknown, path: string, problems: string[], depth: number): void {
  if (depth > MAX_DEPTH) {
    problems.push(`\`${path}\`: nested too deeply to compare`);
    return;
  }
  if (typeof tool !== "object" || tool === null) {
    problems.push(`\`${path}\`: the tool's schema is not an object`);
    return;
  }
  const t = tool as Record<string, unknown>;
  const theirForms = forms(t);
  if (policy.anyOf !== undefined || theirForms.length > 1) {
    compareForms(policy.anyOf ?? [policy], theirForms, path, problems, depth);
    return;
  }
  if (theirForms[0] !== t) {
    compare(policy, theirForms[0], path, problems, depth + 1);
    return;
  }
  const policyType = policy.type;
  const toolType = typeOf(t);
  if (policyType !== toolType) {
    problems.push(`\`${path}\`: the policy says ${policyType ?? "any value"}, the tool says ${toolType ?? "any value"}`);
    return;
  }
  if (policy.enum !== undefined || t["enum"] !== undefined) {
    const theirs = Array.isArray(t["enum"]) ? [...(t["enum"] as unknown[])].map(String).sort() : [];
    const ours = [...(policy.enum ?? [])].sort();
    if (theirs.join("\u0000") !== ours.join("\u0000")) problems.push(`\`${path}\`: the policy allows ${list(ours)}, the tool ${list(theirs)}`);
  }
  if (policy.items !== undefined) compare(policy.items, t["items"], `${path}[]`, problems, depth + 1);
  if (policy.properties === undefined) return;
  const theirs = typeof t["properties"] === "object" && t["properties"] !== null ? (t["properties"] as Record<string, unknown>) : {};
  const required = Array.isArray(t["required"]) ? (t["required"] as unknown[]) : [];
  for (const [name, schema] of Object.entries(policy.properties)) {
    if (!Object.hasOwn(theirs, name)) {
      problems.push(`\`${path}.${name}\`: the policy declares it, the tool does not`);
      continue;
    }
    if (policy.required?.includes(name) === true && !required.includes(name))
      problems.push(`\`${path}.${name}\`: the policy requires it, the tool leaves it optional`);
    compare(schema, theirs[name], `${path}.${name}`, problems, depth + 1);
  }
  for (const name of Object.keys(theirs)) {
    if (!Object.hasOwn(policy.properties, name)) problems.push(`\`${path}.${name}\`: the tool declares it, the policy does not (the call would be refused)`);
  }
}

/**
 * The forms a tool's schema accepts: the members of `anyOf` or `oneOf`, one per kind of a `type` list
 * (`["string", "array"]`, keeping the keywords that apply to that kind), else the schema itself; a
 * `null` form is left out (an optional value a model may send as null).
 */
function forms(schema: Record<string, unknown>): readonly Record<string, unknown>[] {
  const members: readonly unknown[] | undefined = Array.isArray(schema["anyOf"])
    ? schema["anyOf"]
    : Array.isArray(schema["oneOf"])
      ? schema["oneOf"]
      : undefined;
  if (members !== undefined) {
    const kept = members.filter((m): m is Record<string, unknown> => typeof m === "object" && m !== null && (m as Record<string, unknown>)["type"] !== "null");
    return kept.length === 0 ? [schema] : kept;
  }
  const type = schema["type"];
  if (!Array.isArray(type)) return [schema];
  const kinds = type.filter((k): k is string => typeof k === "string" && k !== "null");
  return kinds.length > 1 ? kinds.map((kind) => ({ ...schema, type: kind })) : [schema];
}

/** A union on either side: each form of one side is matched with the other side's form of its type, and compared. */
function compareForms(ours: readonly JsonSchema[], theirs: readonly Record<string, unknown>[], path: string, problems: string[], depth: number): void {
  for (const form of ours) {
    const match = theirs.find((s) => typeOf(s) === form.type);
    if (match === undefined) problems.push(`\`${path}\`: the policy accepts ${form.type ?? "any value"}, the tool does not`);
    else compare(form, match, path, problems, depth + 1);
  }
  for (const form of theirs) {
    const type = typeOf(form);
    if (!ours.some((o) => o.type === type))
      problems.push(`\`${path}\`: the tool accepts ${type ?? "any value"}, the policy does not (the call would be refused)`);
  }
}

/** The tool schema's type, reading `["T", "null"]` (an optional value a model may send as null) as `T`. */
function typeOf(schema: Record<string, unknown>): string | undefined {
  const type = schema["type"];
  if (Array.isArray(type)) {
    const kinds = type.filter((k) => k !== "null");
    return kinds.length === 1 && typeof kinds[0] === "string" ? kinds[0] : JSON.stringify(type);
  }
  return typeof type === "string" ? type : undefined;
}

function list(values: readonly string[]): string {
  return values.length === 0 ? "no list" : values.map((v) => `\`${v}\``).join(", ");
}

/**
 * Where each tool's input schema (`declared`: a JSON Schema per tool name, as an SDK's tools give them) disagrees
 * with the policy's (`schemas`: the `schemas` export of a `.apol` import, or `apol compile --schemas`): one message
 * per disagreement, naming the tool and the path; a tool the policy does not declare is one too, since every call to
 * it would be denied. Empty when they agree. The adapters' `toolSchemaDrift` is this over their SDK's tools.
 */
export function toolsDrift(declared: Iterable<readonly [string, unknown]>, schemas: Readonly<Record<string, JsonSchema>>): string[] {
  const problems: string[] = [];
  for (const [name, schema] of declared) {
    const policy = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
    if (policy === undefined) problems.push(`tool \`${name}\`: not a tool of the policy, so every call to it is denied`);
    else for (const problem of schemaDrift(policy, schema)) problems.push(`tool \`${name}\`: ${problem}`);
  }
  return problems;
}
