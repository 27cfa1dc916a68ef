// Checks `test` blocks: identities against shapes, calls against tool signatures, expectations against rules.
import type * as ast from "../ast/ast.js";
import type { CheckContext } from "./context.js";
import { didYouMean, unknownTool } from "./hints.js";
import { writtenToolName } from "../syntax/tool-names.js";
import { checkEntries, checkJson, checkValue } from "./test-literals.js";

const effects = ["allow", "deny", "review"];
/** The rules a decision names when no rule of the policy decided it. */
const reservedRules: readonly string[] = ["$unknown-tool", "$invalid-request", "$default", "$error"];
/** ISO 8601 date-time with a zone: `2026-11-21T10:00:00Z` or `...+01:00`, optional fractions. */
const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether `text` is an ISO 8601 date-time that exists: `Date.parse` alone rolls
 * February 30 over to March 2, so the calendar fields are checked too.
 */
function isTimestamp(text: string): boolean {
  const match = timestamp.exec(text);
  if (!match || Number.isNaN(Date.parse(text))) return false;
  const [year, month, day, hour, minute, second] = text.split(/[-T:Z+.]/).map(Number);
  const daysInMonth = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate();
  return (
    (month ?? 0) >= 1 &&
    (month ?? 0) <= 12 &&
    (day ?? 0) >= 1 &&
    (day ?? 0) <= daysInMonth &&
    (hour ?? 0) <= 23 &&
    (minute ?? 0) <= 59 &&
    (Number.isNaN(second) || (second ?? 0) <= 59)
  );
}

/** Checks every test; titles must be unique. */
export function checkTests(tests: readonly ast.TestDecl[], ctx: CheckContext): void {
  const titles = new Map<string, ast.TestDecl>();
  for (const test of tests) {
    const first = titles.get(test.title.value);
    if (first) {
      ctx.report("apol/duplicate-test", test.title.span, `a second test is titled \`${test.title.value}\``, {
        help: "give each test its own title",
        related: [{ span: first.title.span, message: "first test with this title" }],
      });
    } else titles.set(test.title.value, test);
    checkTest(test, ctx);
  }
}

function checkTest(test: ast.TestDecl, ctx: CheckContext): void {
  let pendingCall: ast.TestStatement | undefined;
  /** The latest call under test: the one an `expect output` reads the output of. */
  let lastCall: ast.TestCall | undefined;
  let calls = 0;
  for (const statement of test.statements) {
    switch (statement.kind) {
      case "given": {
        const shape = ctx.symbols.shapes.get(statement.part);
        if (!shape) {
          ctx.report(
            "apol/undeclared-shape",
            { start: statement.span.start, end: statement.span.start + statement.part.length },
            `\`${statement.part}\` has no declared shape`,
            {
              help: `declare its fields: \`${statement.part} { id: string }\``,
            },
          );
        } else if (statement.value.kind === "Object" && shape.type.kind === "record") {
          // Each key names a field of the shape: rename and references reach `role:` in `user { role: admin }`.
          const part = statement.part;
          checkEntries(statement.value.entries, shape.type.fields, statement.value.span, "field", ctx, (entry) =>
            ctx.refer(entry.key.span, { kind: "field", shape: part, path: [entry.key.text] }),
          );
        } else checkValue(statement.value, shape.type, ctx);
        break;
      }
      case "now":
        if (!isTimestamp(statement.value.value)) {
          ctx.report("apol/invalid-timestamp", statement.value.span, `\`${statement.value.value}\` is not an ISO 8601 timestamp`, {
            help: 'write e.g. `"2026-11-21T10:00:00Z"`',
          });
        }
        break;
      case "history":
        for (const call of statement.calls) {
          checkCall(call, ctx);
          if (call.unchecked) {
            ctx.report("apol/unchecked-history-call", call.unchecked.span, "a `history` call cannot be `unchecked`", {
              help: "history holds earlier allowed calls, so give the arguments the tool declares; test a malformed call with `call` under test",
            });
          }
        }
        break;
      case "observe":
        checkJson(statement.value, ctx);
        break;
      case "call":
        if (pendingCall) reportNoExpect(pendingCall, ctx);
        checkCall(statement.call, ctx);
        pendingCall = statement;
        lastCall = statement.call;
        calls++;
        break;
      case "approve":
        // It answers the latest call held for review, and the call it releases is judged by the `expect` after it.
        if (pendingCall) reportNoExpect(pendingCall, ctx);
        if (calls === 0) {
          ctx.report("apol/approve-without-call", statement.span, "`approve` has no `call` before it to answer", {
            help: 'put it after the held call: `call TOOL(arg: value)`, `expect review`, then `approve "NAME"`',
          });
        }
        pendingCall = statement;
        break;
      case "expect":
        checkExpect(statement, ctx);
        if (!pendingCall) {
          ctx.report("apol/expect-without-call", statement.span, "`expect` has no `call` before it", {
            help: "add the call under test above it: `call TOOL(arg: value)`",
          });
        }
        pendingCall = undefined;
        break;
      case "expectOutput":
        // The call's effect is judged first (`expect allow`): the output is what the model reads once it ran.
        if (pendingCall) reportNoExpect(pendingCall, ctx);
        pendingCall = undefined;
        checkJson(statement.value, ctx);
        if (!lastCall) {
          ctx.report("apol/expect-without-call", statement.span, "`expect output` has no `call` before it", {
            help: "add the call and its output above it: `call TOOL(arg: value) returns VALUE`, then `expect allow`",
          });
        } else if (!lastCall.returns) {
          ctx.report(
            "apol/output-without-returns",
            statement.span,
            `the call of \`${writtenToolName(lastCall.tool)}\` before \`expect output\` gives no output`,
            {
              help: "give the output the tool returns: `call TOOL(arg: value) returns VALUE`",
            },
          );
        }
        break;
    }
  }
  if (pendingCall) reportNoExpect(pendingCall, ctx);
  if (calls === 0 && test.statements.every((s) => s.kind !== "expect")) {
    ctx.report("apol/test-without-call", test.title.span, `test \`${test.title.value}\` makes no call`, {
      help: "add `call TOOL(arg: value)` and `expect allow`, `expect deny` or `expect review`",
    });
  }
}

function reportNoExpect(statement: ast.TestStatement, ctx: CheckContext): void {
  const what = statement.kind === "approve" ? "approve" : "call";
  ctx.report("apol/call-without-expect", statement.span, `this \`${what}\` has no \`expect\` after it`, {
    help: `add \`expect allow\`, \`expect deny\` or \`expect review\` after the ${what}`,
  });
}

function checkExpect(statement: Extract<ast.TestStatement, { kind: "expect" }>, ctx: CheckContext): void {
  const effect = statement.effect;
  if (effect.text !== "" && !effects.includes(effect.text)) {
    ctx.report("apol/unknown-effect", effect.span, `unknown effect \`${effect.text}\``, {
      ...didYouMean(effect.text, effects, effect.span, "expect `allow`, `deny` or `review`"),
    });
  }
  const rule = statement.rule;
  if (rule && rule.text !== "") {
    if (ctx.symbols.rules.has(rule.text)) ctx.refer(rule.span, { kind: "rule", name: rule.text });
    else if (!reservedRules.includes(rule.text)) {
      const candidates = rule.text.startsWith("$") ? reservedRules : ctx.symbols.rules.keys();
      ctx.report("apol/unknown-rule", rule.span, `unknown rule \`${rule.text}\``, {
        ...didYouMean(
          rule.text,
          candidates,
          rule.span,
          rule.text.startsWith("$") ? `the reserved rules are ${reservedRules.map((r) => `\`${r}\``).join(", ")}` : "name a rule declared in this policy",
        ),
      });
    }
  }
}

function checkCall(call: ast.TestCall, ctx: CheckContext): void {
  const tool = ctx.symbols.tools.get(call.tool.text);
  if (!tool) {
    if (call.tool.text !== "") {
      ctx.report("apol/unknown-tool", call.tool.span, `unknown tool \`${writtenToolName(call.tool)}\``, {
        ...unknownTool(call.tool.text, ctx.symbols.tools.keys(), call.tool.span),
      });
    }
  } else {
    ctx.refer(call.tool.span, { kind: "tool", name: tool.name });
    if (call.unchecked) checkUncheckedArgs(call, tool.name, tool.params, ctx);
    else
      checkEntries(call.args, tool.params, call.tool.span, "argument", ctx, (entry) =>
        ctx.refer(entry.key.span, { kind: "argument", tool: tool.name, name: entry.key.text }),
      );
  }
  if (call.returns) {
    if (tool?.outputDeclared) checkValue(call.returns, tool.output, ctx);
    else checkJson(call.returns, ctx);
  }
}

/**
 * An `unchecked` call's arguments are sent as written, to test `$invalid-request`: each value need only be JSON,
 * and any name, count or type goes. Names the tool declares still refer to their parameters (rename reaches them).
 */
function checkUncheckedArgs(call: ast.TestCall, tool: string, params: ReadonlyMap<string, unknown>, ctx: CheckContext): void {
  for (const entry of call.args) {
    if (params.has(entry.key.text)) ctx.refer(entry.key.span, { kind: "argument", tool, name: entry.key.text });
    checkJson(entry.value, ctx);
  }
}
