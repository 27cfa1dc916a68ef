// Parser error messages in apol's style: "expected `)` but found `when`".
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";

/** What each grammar rule stands for, when the parser could not choose among its alternatives. */
const ruleDescriptions: Readonly<Record<string, string>> = {
  declaration: "a declaration (`policy`, `enum`, `agent`, `user`, `context`, `resource`, `tool`, `const`, `rule` or `test`)",
  shapeDecl: "`agent`, `user`, `context` or `resource`",
  typeExpr: "a type",
  listTypeExpr: "a type",
  toolClause: "`tags`, `tier`, `returns` or `output`",
  ruleItem: "a rule clause (`allow`, `deny`, `review`, `redact`, `when`, `unless`, `approvals`, `expires` or `reason`)",
  effectLine: "`allow`, `deny`, `review` or `redact`",
  target: "a target (a tool name, `tagged TAG`, `tier >= N` or `*`)",
  targetList: "a target (a tool name, `tagged TAG`, `tier >= N` or `*`)",
  redactPath: "a path such as `output.field` or `args.name`",
  testStatement: "a test statement (`agent`, `user`, `context`, `resource`, `now`, `history`, `observe`, `call` or `expect`)",
  notExpr: "an expression",
  unary: "an expression",
  primary: "an expression",
  path: "an expression",
  comparison: "a comparison operator",
  window: "a window (a duration such as `1h`, or `session`)",
  historyCall: "`count` or `seen`",
  quantifier: "`any` or `all`",
  objectEntry: "a key",
  nameList: "a name",
  declName: "a name",
};

/** Describes a token the user wrote, for "but found ...". */
function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "the end of the file";
  return `\`${token.image}\``;
}

function describeType(type: TokenType): string {
  if (type === EOF) return "the end of the file";
  return typeof type.LABEL === "string" ? type.LABEL : `\`${type.name}\``;
}

/** Joins descriptions as "a, b or c", without repeats. */
function oneOf(descriptions: readonly string[]): string {
  const unique = [...new Set(descriptions)];
  if (unique.length <= 1) return unique[0] ?? "something else";
  return `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
}

function firstTokens(paths: TokenType[][][]): string[] {
  return paths.flatMap((alt) => alt.map((path) => (path[0] ? describeType(path[0]) : "")).filter((d) => d !== ""));
}

export const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    // Only the top level expects the end of the file: what may stand there is a declaration.
    const wanted = expected === EOF ? (ruleDescriptions["declaration"] as string) : describeType(expected);
    return `expected ${wanted} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const found = actual[0];
    const expected = ruleDescriptions[ruleName] ?? oneOf(firstTokens(expectedPathsPerAlt));
    return `expected ${expected} but found ${found ? describeToken(found) : "the end of the file"}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const found = actual[0];
    const expected = ruleDescriptions[ruleName] ?? oneOf(firstTokens([expectedIterationPaths]));
    return `expected ${expected} but found ${found ? describeToken(found) : "the end of the file"}`;
  },
};
