// Type-directed fast-check generators: a tool schema first, then well-typed rules over it, rendered to apol source, plus requests and session states.
import fc from "fast-check";
import type { EvaluationState, HistoryEntry, LabelledContent } from "../../runtime/src/contract.js";
import { arbHistoryOutput, arbJsonValue, arbOutputWhere, arbUrlForm, jsonCondition, urlCondition } from "./dynamic-arbitraries.js";

/** A declarable type: scalars, enums, lists and records. */
export type GenType =
  | { readonly kind: "string" | "number" | "int" | "bool" | "json" }
  | { readonly kind: "enum"; readonly name: string; readonly members: readonly string[] }
  | { readonly kind: "list"; readonly element: GenType }
  | { readonly kind: "record"; readonly fields: readonly GenField[] }
  /** Two forms of a value, each a scalar or a list of one (`string | string[]`). */
  | { readonly kind: "union"; readonly members: readonly GenType[] };

/** A parameter or record field. */
export interface GenField {
  readonly name: string;
  readonly type: GenType;
  readonly optional: boolean;
}

/** A tool declaration. */
export interface GenTool {
  readonly name: string;
  readonly params: readonly GenField[];
  readonly tags: readonly string[];
  readonly tier: number;
}

/** Everything a policy declares besides its rules. */
export interface GenSchema {
  readonly timezone?: string;
  readonly enums: readonly { readonly name: string; readonly members: readonly string[] }[];
  /** The `user` shape's fields, when the policy declares one. */
  readonly user?: readonly GenField[];
  readonly tools: readonly GenTool[];
}

/** A rule, its targets and conditions already rendered as apol text. */
export interface GenRule {
  readonly name: string;
  readonly effect: "allow" | "deny" | "review" | "redact";
  readonly targets: string;
  readonly when?: string;
  readonly unless?: string;
  readonly reason?: string;
  /** `redact` rules: `output.` and `args.` paths (`output.secret` when absent). */
  readonly paths?: readonly string[];
}

/** A generated policy before rendering. */
export interface GenPolicy {
  readonly schema: GenSchema;
  readonly rules: readonly GenRule[];
  /** Named predicates the rules may call (see `arbPredicates`). */
  readonly predicates?: readonly GenPredicate[];
}

/** How a rule names a tool: bare, or quoted for a name MCP-style (`"ns/t-1.x"`). */
export function spellTool(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : JSON.stringify(name);
}

/** Renders a generated policy as apol source. */
export function renderPolicy(policy: GenPolicy): string {
  const { schema } = policy;
  const type = (t: GenType): string => {
    if (t.kind === "enum") return t.name;
    if (t.kind === "list") return `${type(t.element)}[]`;
    if (t.kind === "record") return `{ ${fields(t.fields)} }`;
    if (t.kind === "union") return t.members.map(type).join(" | ");
    return t.kind;
  };
  const fields = (fs: readonly GenField[]): string => fs.map((f) => `${f.name}${f.optional ? "?" : ""}: ${type(f.type)}`).join(", ");
  const lines = [`policy generated${schema.timezone ? ` timezone ${JSON.stringify(schema.timezone)}` : ""}`];
  for (const e of schema.enums) lines.push(`enum ${e.name} { ${e.members.join(", ")} }`);
  if (schema.user) lines.push(`user { ${fields(schema.user)} }`);
  for (const t of schema.tools) {
    lines.push(`tool ${spellTool(t.name)}(${fields(t.params)})${t.tags.length > 0 ? ` tags ${t.tags.join(", ")}` : ""}${t.tier > 0 ? ` tier ${t.tier}` : ""}`);
  }
  lines.push('const known = ["a", "ann@a.example", "x/y"]', "const limit = 10");
  for (const p of policy.predicates ?? []) lines.push(`def ${p.name}(x: ${type(p.param)}, lazy: bool) = ${p.body}`);
  for (const r of policy.rules) {
    const clauses = [
      `${r.effect} ${r.targets}${r.effect === "redact" ? ` ${(r.paths ?? ["output.secret"]).join(", ")}` : ""}`,
      ...(r.when ? [`when ${r.when}`] : []),
      ...(r.unless ? [`unless ${r.unless}`] : []),
      ...(r.reason ? [`reason ${JSON.stringify(r.reason)}`] : []),
    ];
    lines.push(`rule ${r.name} {\n  ${clauses.join("\n  ")}\n}`);
  }
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------- schema

const strings = [
  "",
  "a",
  "ab",
  "x/y",
  "ann@a.example",
  "Bob@B.example",
  "https://h.example/p",
  "leak@evil.example",
  "abc123",
  "h.example/p",
  " a ",
  "mailto:ann@a.example",
];
/**
 * Request values that are not one address or one URL but end like one of `strings`' (lists, display names, quoted local
 * parts, several `@`, CR/LF, user info, `\`, invisible characters): `domain` and `host` must answer `""` for them alike.
 */
const hostileStrings = [
  "leak@evil.example, ann@a.example",
  "leak@evil.example;ann@a.example",
  "leak@evil.example ann@a.example",
  "leak@evil.example@a.example",
  '"Leak, Ann" <leak@evil.example>, ann@a.example',
  '"leak@evil.example"@a.example',
  "ann@a.example\r\nBcc: leak@evil.example",
  "leak\\@a.example",
  "ann@a.example\u200b",
  "https://h.example@evil.example/",
  "https://evil.example@h.example/",
  "https://h.example\\@evil.example/",
  " https://h.example/p",
  "https://h.example/p\n",
  "https://evil.example,h.example/",
  "https://h.example/p https://evil.example/",
];
const numbers = [-1, 0, 1, 2.5, 3, 10, 100];
const ints = [-1, 0, 1, 3, 10];
const tagNames = ["g0", "g1", "g2"];
const zones = ["America/New_York", "Asia/Kolkata", "Europe/Berlin"];

function arbScalarType(enums: GenSchema["enums"]): fc.Arbitrary<GenType> {
  const scalars: fc.Arbitrary<GenType>[] = [fc.constantFrom<GenType>({ kind: "string" }, { kind: "number" }, { kind: "int" }, { kind: "bool" })];
  if (enums.length > 0) scalars.push(fc.constantFrom(...enums).map((e): GenType => ({ kind: "enum", name: e.name, members: e.members })));
  // `json` (dynamic-arbitraries.ts): arguments, record fields and list elements whose reads are checked when a rule runs.
  scalars.push(fc.constant<GenType>({ kind: "json" }));
  return fc.oneof(...scalars);
}

function arbType(enums: GenSchema["enums"]): fc.Arbitrary<GenType> {
  const scalar = arbScalarType(enums);
  const field = (name: string) => fc.record({ name: fc.constant(name), type: scalar, optional: fc.boolean() });
  return fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 2, arbitrary: scalar.map((element): GenType => ({ kind: "list", element })) },
    {
      weight: 1,
      arbitrary: fc.tuple(field("a"), fc.option(field("b"), { nil: undefined })).map(([a, b]): GenType => ({ kind: "record", fields: b ? [a, b] : [a] })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...unionTypes) },
  );
}

// ---------------------------------------------------------------- unions

/** The unions a schema draws from: a value or a list of them, and two scalars apol tells apart. */
const unionTypes: readonly GenType[] = [
  [{ kind: "string" }, { kind: "list", element: { kind: "string" } }],
  [{ kind: "int" }, { kind: "string" }],
  [{ kind: "bool" }, { kind: "list", element: { kind: "int" } }],
].map((members): GenType => ({ kind: "union", members: members as GenType[] }));

/** A member as an `is` test writes it. */
function memberText(type: GenType): string {
  return type.kind === "list" ? `${memberText(type.element)}[]` : type.kind;
}

/** A condition on a union value: narrowed to one member by an `is` test on the `and` path, or after a failed one on the left of `or`. */
function unionCondition(x: string, members: readonly GenType[]): fc.Arbitrary<string> {
  return fc
    .constantFrom(...members)
    .chain((member) =>
      valueCondition(x, member).chain((c) =>
        fc.constantFrom(`(${x} is ${memberText(member)} and ${c})`, `(not (${x} is ${memberText(member)}) or ${c})`, `${x} is ${memberText(member)}`),
      ),
    );
}

/** A schema: enums, a pool of typed parameters (one type per name), and 1-6 tools drawing on the pool. */
export function arbSchema(): fc.Arbitrary<GenSchema> {
  const arbEnums = fc
    .integer({ min: 0, max: 2 })
    .chain((count) =>
      fc.tuple(
        ...Array.from({ length: count }, (_, i) =>
          fc.integer({ min: 2, max: 4 }).map((n) => ({ name: `E${i}`, members: Array.from({ length: n }, (_, j) => `k${i}${"abcd"[j]}`) })),
        ),
      ),
    );
  return arbEnums.chain((enums) =>
    fc
      .record({
        pool: fc.array(arbType(enums), { minLength: 1, maxLength: 6 }),
        toolCount: fc.integer({ min: 1, max: 6 }),
        timezone: fc.option(fc.constantFrom(...zones), { nil: undefined }),
        withUser: fc.boolean(),
      })
      .chain(({ pool, toolCount, timezone, withUser }) => {
        const param = (i: number) =>
          fc
            .record({ use: fc.boolean(), optional: fc.boolean() })
            .map(({ use, optional }) => (use ? { name: `p${i}`, type: pool[i] as GenType, optional } : undefined));
        const tool = (i: number) =>
          fc
            .record({
              params: fc.tuple(...pool.map((_, j) => param(j))),
              tags: fc.subarray(tagNames),
              tier: fc.integer({ min: 0, max: 3 }),
            })
            // Every other tool is named as MCP servers spell them (`ns/t-1.x`, `create-issue-3`), so the quoted form runs through every stage.
            .map(
              ({ params, tags, tier }): GenTool => ({
                name: i % 2 === 0 ? `t${i}` : i % 4 === 1 ? `ns/t-${i}.x` : `create-issue-${i}`,
                params: params.filter((p) => p !== undefined),
                tags,
                tier,
              }),
            );
        const user: GenField[] = [
          { name: "id", type: { kind: "string" }, optional: false },
          { name: "level", type: { kind: "int" }, optional: false },
          ...(enums[0] ? [{ name: "role", type: { kind: "enum", name: enums[0].name, members: enums[0].members } as GenType, optional: true }] : []),
        ];
        return fc
          .tuple(...Array.from({ length: toolCount }, (_, i) => tool(i)))
          .map((tools): GenSchema => ({ enums, tools, ...(timezone ? { timezone } : {}), ...(withUser ? { user } : {}) }));
      }),
  );
}

// ---------------------------------------------------------------- conditions

/** A readable path with the `has` guards it needs, outermost first. */
interface TypedPath {
  readonly path: string;
  readonly type: GenType;
  readonly guards: readonly string[];
}

/** The arguments every one of `tools` declares, optional if optional in any. */
function commonParams(tools: readonly GenTool[]): GenField[] {
  const [first, ...rest] = tools;
  if (!first) return [];
  return first.params
    .filter((p) => rest.every((t) => t.params.some((q) => q.name === p.name)))
    .map((p) => ({ ...p, optional: tools.some((t) => t.params.some((q) => q.name === p.name && q.optional)) }));
}

function pathsOf(head: string, fields: readonly GenField[], guards: readonly string[]): TypedPath[] {
  return fields.flatMap((f) => {
    const path = `${head}.${f.name}`;
    const own = f.optional ? [...guards, path] : guards;
    return [{ path, type: f.type, guards: own }, ...(f.type.kind === "record" ? pathsOf(path, f.type.fields, own) : [])];
  });
}

const lit = (values: readonly unknown[]) => fc.constantFrom(...values).map((v) => JSON.stringify(v));
const op = fc.constantFrom("<", "<=", ">", ">=", "==", "!=");

/** A condition over one value of a known type; `x` is its text. */
function valueCondition(x: string, type: GenType): fc.Arbitrary<string> {
  switch (type.kind) {
    case "string":
      return fc.oneof(
        lit(strings).map((s) => `${x} == ${s}`),
        lit(strings).map((s) => `${x} != ${s}`),
        fc.tuple(lit(strings), lit(strings)).map(([a, b]) => `${x} in [${a}, ${b}]`),
        lit(strings).map((s) => `${x} not in [${s}]`),
        fc.constant(`${x} in known`),
        lit(["a*", "*@a.example", "x/*", "**", "?", "*.example*", "a?"]).map((g) => `${x} like ${g}`),
        lit(["^a", "[0-9]", "e$", "a.c"]).map((re) => `${x} matches ${re}`),
        // One slot each for pattern lists and for the newer string functions, so the mix of other conditions stays as it was.
        fc.oneof(
          fc.subarray(["a*", "*@a.example", "x/*"], { minLength: 1 }).map((ps) => `${x} like ${JSON.stringify(ps)}`),
          fc.subarray(["^a", "e$", "[0-9]"], { minLength: 1 }).map((ps) => `${x} matches ${JSON.stringify(ps)}`),
        ),
        lit(["a", "x/", "ann"]).map((s) => `${x} startsWith ${s}`),
        lit(["e", ".example", "3"]).map((s) => `${x} endsWith ${s}`),
        lit(["@", "b", "/"]).map((s) => `${x} contains ${s}`),
        lit(["a", "ann@a.example", "bob@b.example"]).map((s) => `lower(${x}) == ${s}`),
        lit(["AB", "A"]).map((s) => `upper(${x}) == ${s}`),
        fc.tuple(op, fc.constantFrom(0, 1, 3)).map(([o, n]) => `len(${x}) ${o} ${n}`),
        lit(["a.example", "b.example", ""]).map((s) => `domain(${x}) == ${s}`),
        lit(["h.example", ""]).map((s) => `host(${x}) == ${s}`),
        fc.oneof(
          lit(["/p", "/", ""]).map((s) => `path(${x}) == ${s}`),
          lit(["https", "mailto", ""]).map((s) => `scheme(${x}) == ${s}`),
          fc.tuple(lit(["a", " ", "."]), lit(["", "b"]), lit(strings)).map(([o, n, s]) => `replace(${x}, ${o}, ${n}) == ${s}`),
          lit(["a", "", "x/y"]).map((s) => `trim(${x}) == ${s}`),
          fc.tuple(lit(["@", "/", ""]), lit(["a", "x"])).map(([sep, s]) => `split(${x}, ${sep}) contains ${s}`),
          urlCondition(x),
        ),
      );
    case "number":
    case "int":
      return fc.oneof(
        fc.tuple(op, fc.constantFrom(...numbers)).map(([o, n]) => `${x} ${o} ${n}`),
        fc.tuple(fc.constantFrom("+", "-", "*"), fc.constantFrom(1, 2, 2.5), op, fc.constantFrom(0, 3, 10)).map(([a, k, o, n]) => `${x} ${a} ${k} ${o} ${n}`),
        fc.tuple(op, fc.constantFrom(0, 5)).map(([o, n]) => `10 / ${x} ${o} ${n}`),
        fc.constantFrom(`-${x} < 0`, `${x} in [0, 1, 3]`, `${x} <= limit`),
      );
    case "bool":
      return fc.constantFrom(x, `not ${x}`, `${x} == true`, `${x} != false`);
    case "json":
      return jsonCondition(x);
    case "enum": {
      const member = fc.constantFrom(...type.members);
      return fc.oneof(
        member.map((m) => `${x} == ${m}`),
        member.map((m) => `${x} != ${m}`),
        fc.subarray([...type.members], { minLength: 1 }).map((ms) => `${x} in [${ms.join(", ")}]`),
      );
    }
    case "list": {
      const element = type.element;
      const body = element.kind === "record" ? fc.constant("true") : valueCondition("v", element);
      const elementLiteral =
        element.kind === "string"
          ? lit(strings)
          : element.kind === "enum"
            ? fc.constantFrom(...element.members)
            : element.kind === "bool"
              ? fc.constantFrom("true", "false")
              : element.kind === "record" || element.kind === "json"
                ? undefined
                : lit(ints);
      return fc.oneof(
        fc.tuple(op, fc.constantFrom(0, 1, 2)).map(([o, n]) => `len(${x}) ${o} ${n}`),
        fc.tuple(fc.constantFrom("any", "all"), body).map(([q, b]) => `${q}(v in ${x}: ${b})`),
        ...(elementLiteral ? [elementLiteral.map((l) => `${x} contains ${l}`)] : []),
        fc.constant(`${x} == []`),
      );
    }
    case "record":
      return fc.constant(`tainted(${x})`);
    case "union":
      return unionCondition(x, type.members);
  }
}

/** Wraps a condition in the `has` guards its paths need, positively or as `not has(...) or ...`. */
function guarded(guards: readonly string[], condition: string): fc.Arbitrary<string> {
  if (guards.length === 0) return fc.constant(condition);
  const has = guards.map((g) => `has(${g})`);
  return fc.constantFrom(`(${has.join(" and ")} and ${condition})`, `(not (${has.join(" and ")}) or ${condition})`);
}

/** What a rule's condition may read: the schema, the tools it targets, and the predicates it may call. */
export interface ConditionScope {
  readonly schema: GenSchema;
  readonly tools: readonly GenTool[];
  readonly predicates?: readonly GenPredicate[];
}

// ---------------------------------------------------------------- predicates

/** `def NAME(x: PARAM, lazy: bool) = BODY`: a condition on `x`, combined with `lazy`, which it may not read. */
export interface GenPredicate {
  readonly name: string;
  readonly param: GenType;
  readonly body: string;
}

/**
 * 0-2 predicates, each over a type of the schema's arguments. The body reads `x` as a rule reads a path
 * (a quantifier in it binds `v`, as the caller's may: inlining must not capture), and `lazy` only on one side of
 * `and`/`or`, so a faulting argument passed for it faults exactly when the body reads it. The second may call the first.
 */
function arbPredicates(schema: GenSchema): fc.Arbitrary<GenPredicate[]> {
  const types = schema.tools.flatMap((t) => t.params.map((p) => p.type));
  if (types.length === 0) return fc.constant([]);
  const one = (name: string, earlier: GenPredicate | undefined) =>
    fc.constantFrom(...types).chain((param) =>
      fc.tuple(valueCondition("x", param), fc.constantFrom("and", "or"), fc.boolean()).map(([condition, join, swap]): GenPredicate => {
        const lazy = earlier && earlier.param === param ? `${earlier.name}(x, lazy)` : "lazy";
        return { name, param, body: swap ? `${lazy} ${join} (${condition})` : `(${condition}) ${join} ${lazy}` };
      }),
    );
  return fc
    .integer({ min: 0, max: 2 })
    .chain((count) =>
      count === 0 ? fc.constant([]) : one("q0", undefined).chain((q0) => (count === 1 ? fc.constant([q0]) : one("q1", q0).map((q1) => [q0, q1]))),
    );
}

/** A call of a predicate on a path of its parameter's type (guarded as the path needs), its `lazy` argument any condition. */
function predicateCalls(scope: ConditionScope, paths: readonly TypedPath[], lazy: fc.Arbitrary<string>): fc.Arbitrary<string>[] {
  return (scope.predicates ?? []).flatMap((p) => {
    const fitting = paths.filter((path) => path.type === p.param || JSON.stringify(path.type) === JSON.stringify(p.param));
    if (fitting.length === 0) return [];
    return [fc.tuple(fc.constantFrom(...fitting), lazy).chain(([path, l]) => guarded(path.guards, `${p.name}(${path.path}, ${l})`))];
  });
}

function historyCondition(schema: GenSchema): fc.Arbitrary<string> {
  const tools = schema.tools;
  const tags = [...new Set(tools.flatMap((t) => t.tags))];
  const window = fc.constantFrom("1h", "10m", "1d", "session");
  const target = fc.oneof(
    fc.constantFrom(...tools.map((t) => spellTool(t.name))),
    fc.constantFrom("*", "tier >= 2"),
    ...(tags.length > 0 ? [fc.constantFrom(...tags).map((g) => `tagged ${g}`)] : []),
  );
  const numeric = tools.flatMap((t) => t.params.filter((p) => p.type.kind === "number" || p.type.kind === "int").map((p) => `${spellTool(t.name)}.${p.name}`));
  const whereable = tools.flatMap((t) =>
    t.params.filter((p) => p.type.kind === "string" && !p.optional).map((p) => ({ tool: spellTool(t.name), path: `it.args.${p.name}` })),
  );
  return fc.oneof(
    fc.tuple(target, window, op, fc.constantFrom(0, 1, 2)).map(([t, w, o, n]) => `count(${t}, ${w}) ${o} ${n}`),
    fc.tuple(target, window).map(([t, w]) => `seen(${t}, ${w})`),
    fc.tuple(fc.constantFrom(...tools.map((t) => spellTool(t.name))), window).map(([t, w]) => `seen(${t} where it.output.ok == true, ${w})`),
    fc.tuple(fc.constantFrom(...tools.map((t) => spellTool(t.name))), arbOutputWhere, window).map(([t, c, w]) => `count(${t} where ${c}, ${w}) > 0`),
    ...(numeric.length > 0
      ? [fc.tuple(fc.constantFrom(...numeric), window, op, fc.constantFrom(0, 10)).map(([s, w, o, n]) => `sum(${s}, ${w}) ${o} ${n}`)]
      : []),
    ...(whereable.length > 0
      ? [
          fc
            .tuple(fc.constantFrom(...whereable), lit(strings), window)
            .map(([p, s, w]) => `count(${p.tool} where ${p.path} == ${s} or it.tool.tier > 1, ${w}) > 0`),
        ]
      : []),
  );
}

/** Leaf conditions: mostly one typed path with its guards, sometimes something that reads no argument. */
function leafCondition(scope: ConditionScope): fc.Arbitrary<string> {
  const { schema, tools } = scope;
  const paths = [...pathsOf("args", commonParams(tools), []), ...(schema.user ? pathsOf("user", schema.user, []) : [])];
  const general: fc.Arbitrary<string>[] = [
    fc.constantFrom("true", "false", "tainted(args)", "exposed(untrusted)"),
    fc.tuple(op, fc.integer({ min: 0, max: 3 })).map(([o, n]) => `tool.tier ${o} ${n}`),
    fc.constantFrom("now.hour >= 9", "now.hour < 17", "now.minute < 30", "now.weekday == sat", "now.weekday in [mon, tue]"),
    historyCondition(schema),
  ];
  if (tools.length > 0) general.push(fc.constantFrom(...tools.map((t) => t.name)).map((name) => `tool.name == ${JSON.stringify(name)}`));
  if (paths.length === 0) return fc.oneof(...general);
  const path = fc.constantFrom(...paths);
  const onPaths: fc.Arbitrary<string>[] = [
    path.chain((p) => valueCondition(p.path, p.type).chain((c) => guarded(p.guards, c))),
    path.chain((p) => fc.constantFrom(`tainted(${p.path})`, `from(${p.path}, user)`).chain((c) => guarded(p.guards, c))),
    ...predicateCalls(scope, paths, fc.oneof(...general)),
  ];
  for (const kind of ["string", "number", "int"]) {
    const same = paths.filter((p) => p.type.kind === kind);
    if (same.length < 2) continue;
    const pick = fc.constantFrom(...same);
    const compare = kind === "string" ? fc.constantFrom("==", "!=") : op;
    onPaths.push(fc.tuple(pick, pick, compare).chain(([a, b, o]) => guarded([...new Set([...a.guards, ...b.guards])], `${a.path} ${o} ${b.path}`)));
  }
  return fc.oneof({ weight: 1, arbitrary: fc.oneof(...general) }, { weight: 3, arbitrary: fc.oneof(...onPaths) });
}

/** A well-typed boolean condition for a rule targeting `scope.tools`, nested up to `depth` levels of `and`/`or`/`not`. */
export function arbCondition(scope: ConditionScope, depth = 2): fc.Arbitrary<string> {
  const leaf = leafCondition(scope);
  if (depth === 0) return leaf;
  const inner = arbCondition(scope, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.tuple(inner, inner).map(([a, b]) => `(${a} and ${b})`) },
    { weight: 1, arbitrary: fc.tuple(inner, inner).map(([a, b]) => `(${a} or ${b})`) },
    { weight: 1, arbitrary: inner.map((a) => `not (${a})`) },
  );
}

// ---------------------------------------------------------------- rules

/** The tools a target expression covers, as the checker resolves it. */
function covered(
  schema: GenSchema,
  target: { kind: "names"; names: string[] } | { kind: "tag"; tag: string } | { kind: "tier"; op: string; n: number } | { kind: "all" },
): GenTool[] {
  const tierOk = (tier: number, o: string, n: number): boolean =>
    ({ "<": tier < n, "<=": tier <= n, ">": tier > n, ">=": tier >= n, "==": tier === n, "!=": tier !== n })[o] ?? false;
  return schema.tools.filter((t) => {
    if (target.kind === "names") return target.names.includes(t.name);
    if (target.kind === "tag") return t.tags.includes(target.tag);
    if (target.kind === "tier") return tierOk(t.tier, target.op, target.n);
    return true;
  });
}

function arbTargets(schema: GenSchema): fc.Arbitrary<{ text: string; tools: GenTool[] }> {
  const names = schema.tools.map((t) => t.name);
  const tags = [...new Set(schema.tools.flatMap((t) => t.tags))];
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .subarray(names, { minLength: 1, maxLength: Math.min(3, names.length) })
        .map((ns) => ({ text: ns.map(spellTool).join(", "), tools: covered(schema, { kind: "names", names: ns }) })),
    },
    ...(tags.length > 0
      ? [{ weight: 1, arbitrary: fc.constantFrom(...tags).map((tag) => ({ text: `tagged ${tag}`, tools: covered(schema, { kind: "tag", tag }) })) }]
      : []),
    {
      weight: 1,
      arbitrary: fc.tuple(op, fc.integer({ min: 0, max: 3 })).map(([o, n]) => ({ text: `tier ${o} ${n}`, tools: covered(schema, { kind: "tier", op: o, n }) })),
    },
    { weight: 1, arbitrary: fc.constant({ text: "*", tools: covered(schema, { kind: "all" }) }) },
  );
}

/** `arbitrary` in `weight` of 4 cases, else undefined. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, weight: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight, arbitrary }, { weight: 4 - weight, arbitrary: fc.constant(undefined) });
}

/** Every `args.` path into the arguments all of `tools` declare: each argument, the fields of records, `[*]` into lists. */
function argPathsOf(tools: readonly GenTool[]): string[] {
  const paths: string[] = [];
  const walk = (path: string, type: GenType): void => {
    paths.push(path);
    if (type.kind === "record") for (const f of type.fields) walk(`${path}.${f.name}`, f.type);
    if (type.kind === "list") walk(`${path}[*]`, type.element);
  };
  // A parameter name has one type in every tool (the schema's pool), so a path into one tool's argument fits them all.
  for (const p of commonParams(tools)) walk(`args.${p.name}`, p.type);
  return paths;
}

/** A `redact` rule's paths: `output.secret` and some well-typed `args.` paths, at least one of them. */
function arbRedactPaths(tools: readonly GenTool[]): fc.Arbitrary<string[]> {
  const argPaths = argPathsOf(tools);
  if (argPaths.length === 0) return fc.constant(["output.secret"]);
  return fc
    .tuple(fc.boolean(), fc.subarray(argPaths, { maxLength: Math.min(3, argPaths.length) }))
    .map(([output, args]) => (output || args.length === 0 ? ["output.secret", ...args] : args));
}

function arbRule(schema: GenSchema, index: number, predicates: readonly GenPredicate[] = []): fc.Arbitrary<GenRule> {
  return arbTargets(schema).chain(({ text, tools }) => {
    const scope = { schema, tools, predicates };
    return fc
      .record({
        effect: fc.constantFrom<GenRule["effect"]>("allow", "allow", "deny", "deny", "review", "redact"),
        when: sometimes(arbCondition(scope), 3),
        unless: sometimes(arbCondition(scope, 1), 1),
        reason: fc.option(fc.constantFrom("because", "policy says so"), { nil: undefined }),
        paths: arbRedactPaths(tools),
      })
      .map(({ effect, when, unless, reason, paths }) => ({
        name: `r${index}`,
        effect,
        targets: text,
        ...(when ? { when } : {}),
        ...(unless ? { unless } : {}),
        ...(reason ? { reason } : {}),
        ...(effect === "redact" ? { paths } : {}),
      }));
  });
}

/** A well-typed policy: a schema and 1-6 rules over it. */
export function arbPolicy(): fc.Arbitrary<GenPolicy> {
  return arbSchema().chain((schema) =>
    fc
      .tuple(arbPredicates(schema), fc.integer({ min: 1, max: 6 }))
      .chain(([predicates, count]) =>
        fc
          .tuple(...Array.from({ length: count }, (_, i) => arbRule(schema, i, predicates)))
          .map((rules) => ({ schema, rules, ...(predicates.length > 0 ? { predicates } : {}) })),
      ),
  );
}

// ---------------------------------------------------------------- requests and states

function arbValue(type: GenType): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "string":
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...strings) },
        { weight: 1, arbitrary: fc.constantFrom(...hostileStrings) },
        { weight: 1, arbitrary: arbUrlForm },
      );
    case "json":
      return arbJsonValue;
    case "number":
      return fc.constantFrom(...numbers);
    case "int":
      return fc.constantFrom(...ints);
    case "bool":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...type.members);
    case "list":
      return fc.array(arbValue(type.element), { maxLength: 3 });
    case "record":
      return arbObject(type.fields);
    case "union":
      return fc.oneof(...type.members.map(arbValue));
  }
}

/** A value that does not fit `type`. */
function arbWrongValue(type: GenType): fc.Arbitrary<unknown> {
  const byKind: Record<GenType["kind"], unknown[]> = {
    string: [5, null, ["a"]],
    number: ["5", null, true],
    int: [1.5, "1", null],
    bool: ["true", 0, null],
    enum: ["zz", 1, null],
    list: ["x", [null], {}],
    record: [{}, [], { zz: 1 }, null],
    // Any value is `json`: only `null` (absence) breaks a required one.
    json: [null],
    union: [{ zz: 1 }, [null], 1.5],
  };
  return fc.constantFrom(...byKind[type.kind]);
}

/** A value for an optional field: left out, given as `null` (as models send an omitted optional: absent too), or a value. */
function arbOptional(type: GenType): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: arbValue(type) });
}

function arbObject(fields: readonly GenField[]): fc.Arbitrary<Record<string, unknown>> {
  const entries = fields.map((f) => (f.optional ? arbOptional(f.type) : arbValue(f.type)).map((v) => [f.name, v] as const));
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)));
}

/** Arguments for a tool: valid, or broken in one way (missing, extra, wrong-typed, not an object). */
function arbArgs(tool: GenTool): fc.Arbitrary<unknown> {
  const valid = arbObject(tool.params);
  const required = tool.params.filter((p) => !p.optional);
  const broken: fc.Arbitrary<unknown>[] = [valid.map((args) => ({ ...args, zz_extra: 1 })), fc.constantFrom(null, [], "args", 3)];
  if (required.length > 0)
    broken.push(fc.tuple(valid, fc.constantFrom(...required)).map(([args, p]) => Object.fromEntries(Object.entries(args).filter(([k]) => k !== p.name))));
  if (tool.params.length > 0)
    broken.push(fc.tuple(valid, fc.constantFrom(...tool.params)).chain(([args, p]) => arbWrongValue(p.type).map((v) => ({ ...args, [p.name]: v }))));
  return fc.oneof({ weight: 9, arbitrary: valid }, { weight: 1, arbitrary: fc.oneof(...broken) });
}

/** A request for `schema`: mostly valid for a declared tool, sometimes invalid or for an unknown tool. */
export function arbRequest(schema: GenSchema): fc.Arbitrary<unknown> {
  const user = schema.user
    ? fc.oneof(
        { weight: 6, arbitrary: arbObject(schema.user) },
        { weight: 1, arbitrary: fc.constantFrom(undefined, null, { id: 5, level: "3" }, { id: "u", level: 1, role: "zz" }) },
      )
    : fc.constant(undefined);
  const taint = fc.option(fc.dictionary(fc.constantFrom("p0", "p1", "p2", "zz"), fc.subarray(["untrusted", "user"])), { nil: undefined, freq: 2 });
  const call = fc
    .constantFrom(...schema.tools)
    .chain((tool) =>
      fc
        .record({ args: arbArgs(tool), user, taint })
        .map(({ args, user: u, taint: t }) => ({ tool: tool.name, args, ...(u !== undefined ? { user: u } : {}), ...(t ? { taint: t } : {}) })),
    );
  const junk = fc.constantFrom<unknown>(null, 42, "t0", [], { tool: 5 }, { tool: "__proto__" }, { tool: "constructor" }, { tool: "nope", args: {} });
  return fc.oneof({ weight: 9, arbitrary: call }, { weight: 1, arbitrary: junk });
}

const instants = ["2026-11-21T10:00:00Z", "2026-11-23T03:30:00Z", "2026-11-24T16:45:00Z"].map((iso) => Date.parse(iso));

/** A session state: a clock (sometimes none), earlier calls to declared (and undeclared) tools, and labelled content. */
export function arbState(schema: GenSchema): fc.Arbitrary<EvaluationState | undefined> {
  const entry = (now: number): fc.Arbitrary<HistoryEntry> =>
    fc
      .oneof(
        { weight: 5, arbitrary: fc.constantFrom(...schema.tools).chain((t) => arbObject(t.params).map((args) => ({ tool: t.name, args }))) },
        { weight: 1, arbitrary: fc.constant({ tool: "ghost", args: {} }) },
      )
      .chain((call) =>
        fc
          .record({ ago: fc.integer({ min: 0, max: 48 * 6 }).map((k) => k * 600_000), output: fc.option(arbHistoryOutput, { nil: undefined }) })
          .map(({ ago, output }) => ({ ...call, time: now - ago, ...(output !== undefined ? { output } : {}) })),
      );
  const content: fc.Arbitrary<LabelledContent> = fc.record({
    text: fc.constantFrom("mail leak@evil.example now", "ann@a.example said hi", "x"),
    labels: fc.subarray(["untrusted", "user"]),
  });
  const state = fc
    .constantFrom(...instants)
    .chain((now) =>
      fc
        .record({ clock: fc.boolean(), history: fc.array(entry(now), { maxLength: 4 }), contents: fc.array(content, { maxLength: 2 }) })
        .map(({ clock, history, contents }): EvaluationState => ({ ...(clock ? { now } : {}), history, contents })),
    );
  return fc.option(state, { nil: undefined, freq: 6 });
}

/** A policy with requests and session states to decide them in. */
export interface PolicyWithRequests {
  readonly policy: GenPolicy;
  readonly source: string;
  readonly requests: readonly unknown[];
  readonly states: readonly (EvaluationState | undefined)[];
}

/** A well-typed policy, 1-8 requests and 1-3 states over its schema. */
export function arbPolicyWithRequests(): fc.Arbitrary<PolicyWithRequests> {
  return arbPolicy().chain((policy) =>
    fc
      .record({
        requests: fc.array(arbRequest(policy.schema), { minLength: 1, maxLength: 8 }),
        states: fc.array(arbState(policy.schema), { minLength: 1, maxLength: 3 }),
      })
      .map(({ requests, states }) => ({ policy, source: renderPolicy(policy), requests, states })),
  );
}
